package org.docanchor.gateway.proof;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.docanchor.gateway.web.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** QR codes that departments print on certificates: each opens the verification page for that document. */
@Path("/api/v1/documents/{digest}/qr")
@Tag(name = "Proofs")
@PermitAll
public class QrCodeResource {

    static final int DEFAULT_PNG_PIXELS = 512;
    static final int MAX_PNG_PIXELS = 2048;

    private final ProofService proofs;
    private final VerificationConfig config;

    public QrCodeResource(ProofService proofs, VerificationConfig config) {
        this.proofs = proofs;
        this.config = config;
    }

    @GET
    @Produces({"image/svg+xml", "image/png", "application/problem+json"})
    @Operation(operationId = "getQrCode", summary = "QR code of a document's verification link",
            description = "Encodes <anchor.verification.public-base-url>/verify?digest=…&department=…, the page "
                    + "that checks the document against the chain. Public; the same link for the life of the document.")
    @APIResponse(responseCode = "200", description = "The QR code",
            content = {@Content(mediaType = "image/svg+xml"), @Content(mediaType = "image/png")})
    @APIResponse(responseCode = "400",
            description = "Not a digest, not a department code, or an unknown format or size",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "No document with this digest",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "Several departments registered this digest; add ?department=",
            content = @Content(mediaType = "application/problem+json"))
    public Response qr(
            @Parameter(description = "The document digest, 0x and 64 hex digits") @PathParam("digest") String digest,
            @Parameter(description = "svg (default) or png") @QueryParam("format") String format,
            @Parameter(description = "PNG width and height in pixels, 64 to 2048 (default 512)")
            @QueryParam("size") String size,
            @Parameter(description = "Code of the registering department, when several registered the digest")
            @QueryParam("department") String department) {
        String kind = format == null ? "svg" : format;
        if (!kind.equals("svg") && !kind.equals("png")) {
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.qr-format");
        }
        int pixels = pixels(size, kind);
        ProofService.Registration registration = proofs.registration(digest, Optional.ofNullable(department));
        String link = link(registration);
        var matrix = QrCodes.encode(link);
        Response.ResponseBuilder answer = kind.equals("svg")
                ? Response.ok(QrCodes.svg(matrix, "Verify this document: " + link), "image/svg+xml")
                : Response.ok(QrCodes.png(matrix, pixels), "image/png");
        // The link of a digest never changes.
        return answer.header("Cache-Control", "public, max-age=86400").build();
    }

    String link(ProofService.Registration registration) {
        String base = config.publicBaseUrl().orElseThrow(() -> new IllegalStateException(
                "anchor.verification.public-base-url is not set"));
        return base.replaceAll("/+$", "") + "/verify?digest=" + registration.digest()
                + "&department=" + URLEncoder.encode(registration.department(), StandardCharsets.UTF_8);
    }

    private static int pixels(String size, String kind) {
        if (size == null) {
            return DEFAULT_PNG_PIXELS;
        }
        if (!kind.equals("png") || !size.matches("[0-9]{2,4}")
                || Integer.parseInt(size) < 64 || Integer.parseInt(size) > MAX_PNG_PIXELS) {
            throw ProblemException.badRequest("invalid-parameter", "invalid-parameter.qr-size", MAX_PNG_PIXELS);
        }
        return Integer.parseInt(size);
    }
}
