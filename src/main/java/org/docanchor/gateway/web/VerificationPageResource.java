package org.docanchor.gateway.web;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public verification page at {@code /verify} (what QR codes open); {@code /} serves the same file as a static
 * resource. The page is built from src/main/web by the Maven build into META-INF/resources.
 */
@Path("/verify")
@Tag(name = "Proofs")
@PermitAll
public class VerificationPageResource {

    static final String PAGE = "META-INF/resources/index.html";

    private final byte[] page;

    public VerificationPageResource() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(PAGE)) {
            page = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(operationId = "verificationPage",
            summary = "The verification page", description = "Checks a document in the browser against the "
            + "chain; ?digest=0x… (what QR codes carry) looks a document up directly.")
    @APIResponse(responseCode = "200", description = "The page (HTML)")
    @APIResponse(responseCode = "404", description = "A build without the page (src/main/web skipped)")
    public Response page() {
        if (page == null) {
            throw ProblemException.notFound("not-found", "not-found.page");
        }
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-cache").build();
    }
}
