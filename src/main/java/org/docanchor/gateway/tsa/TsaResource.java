package org.docanchor.gateway.tsa;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.docanchor.gateway.identity.ApiKeyIdentityProvider;
import org.docanchor.gateway.identity.AuditLog;
import org.docanchor.gateway.identity.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The RFC 3161 time-stamping authority: departments send a TimeStampReq, get a token whose digest is anchored. */
@Path("/api/v1/tsa")
@Tag(name = "Time-stamping", description = "RFC 3161 time-stamp tokens for departments (role: submitter); every "
        + "token's TSTInfo is anchored like a document")
public class TsaResource {

    /** RFC 3161 §4: the media type of a TimeStampReq. */
    public static final String QUERY = "application/timestamp-query";
    /** RFC 3161 §4: the media type of a TimeStampResp. */
    public static final String REPLY = "application/timestamp-reply";
    static final String PEM_CHAIN = "application/pem-certificate-chain";
    static final String DER_CERTIFICATE = "application/pkix-cert";

    private final TsaService tsa;
    private final SecurityIdentity identity;
    private final AuditLog audit;

    public TsaResource(TsaService tsa, SecurityIdentity identity, AuditLog audit) {
        this.tsa = tsa;
        this.identity = identity;
        this.audit = audit;
    }

    @POST
    @RolesAllowed(Roles.SUBMITTER)
    @SecurityRequirement(name = "apiKey")
    @Consumes(QUERY)
    @Produces({REPLY, "application/problem+json"})
    @Operation(operationId = "timeStamp", summary = "Time-stamp a digest (RFC 3161)",
            description = "The body is a DER TimeStampReq (`openssl ts -query`): a SHA-256, SHA-384, SHA-512 or SM3 "
                    + "message imprint, optionally a nonce, `certReq` and the TSA's policy OID. The answer is a DER "
                    + "TimeStampResp. Before a token is answered, the SHA-256 of its DER TSTInfo is registered for "
                    + "the caller's department like a submitted digest (reference `tsa:<serial in hex>`), and so is "
                    + "the imprint itself when it is SHA-256 or SM3: both are batched and anchored, and "
                    + "GET /api/v1/proofs/{digest} gives their proofs (the `Link` header names the TSTInfo's). A "
                    + "request the TSA refuses is answered 200 with a TimeStampResp of status rejection (RFC 3161 "
                    + "section 2.4.2): badDataFormat (not a DER TimeStampReq, empty body), badAlg (another hash "
                    + "algorithm), unacceptedPolicy (another policy), unacceptedExtension (any extension).")
    @RequestBody(required = true, description = "A DER TimeStampReq",
            content = @Content(mediaType = QUERY, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "200", description = "A DER TimeStampResp: status granted with the token, or "
            + "rejection with the failure reason",
            content = @Content(mediaType = REPLY, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "401", description = "No API key, or an unknown, expired or revoked one",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "403", description = "The key lacks the submitter role",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "This gateway runs no TSA (anchor.tsa.enabled=false)",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "The department's submissions must be signed: no token",
            content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(name = "signed", value = Examples.SIGNED_REQUIRED)))
    @APIResponse(responseCode = "413", description = "Body larger than 64 KiB",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "415", description = "Not Content-Type: application/timestamp-query",
            content = @Content(mediaType = "application/problem+json",
                    examples = @ExampleObject(name = "unsupported", value = Examples.UNSUPPORTED)))
    public Response timestamp(byte[] request) {
        long departmentId = identity.<Long>getAttribute(ApiKeyIdentityProvider.DEPARTMENT_ID);
        TsaService.Outcome outcome = tsa.timestamp(departmentId, identity.getPrincipal().getName(), request, audit);
        Response.ResponseBuilder response = Response.ok(outcome.response(), REPLY);
        outcome.registered().ifPresent(digest -> response.header("Link",
                "</api/v1/proofs/" + digest.toHex() + ">; rel=\"anchor-proof\""));
        return response.build();
    }

    @GET
    @Path("/certificate")
    @PermitAll
    @Produces({PEM_CHAIN, DER_CERTIFICATE, "application/problem+json"})
    @Operation(operationId = "getTsaCertificate", summary = "The TSA certificate",
            description = "PEM (application/pem-certificate-chain, the default): the TSA certificate, then the "
                    + "certificates that issued it as configured. DER (`Accept: application/pkix-cert`): the TSA "
                    + "certificate alone. Check its issuer against a root you trust from elsewhere.")
    @APIResponse(responseCode = "200", description = "The certificate (PEM chain or DER)",
            content = {@Content(mediaType = PEM_CHAIN, examples = @ExampleObject(name = "pem",
                    value = Examples.CERTIFICATE)),
                    @Content(mediaType = DER_CERTIFICATE, schema = @Schema(type = SchemaType.STRING,
                            format = "binary"))})
    @APIResponse(responseCode = "404", description = "This gateway runs no TSA",
            content = @Content(mediaType = "application/problem+json"))
    public Response certificate(HttpHeaders headers) throws CertificateEncodingException {
        java.util.List<X509Certificate> chain = tsa.chain();
        if (wantsDer(headers)) {
            return Response.ok(chain.get(0).getEncoded(), DER_CERTIFICATE).build();
        }
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : chain) {
            pem.append(TsaKeys.pem(certificate));
        }
        return Response.ok(pem.toString(), PEM_CHAIN).build();
    }

    /** DER when the client prefers application/pkix-cert to the PEM chain. */
    private static boolean wantsDer(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.valueOf(DER_CERTIFICATE)) && !type.isWildcardType()
                    && !type.isWildcardSubtype()) {
                return true;
            }
            if (type.isCompatible(MediaType.valueOf(PEM_CHAIN))) {
                return false;
            }
        }
        return false;
    }
}
