package org.docanchor.gateway.web;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's header and the department API key scheme. */
@OpenAPIDefinition(info = @Info(title = "Anchor gateway API", version = "1",
        description = "Departments register document digests; the gateway anchors them in batches on an "
                + "Ethereum-compatible chain and serves inclusion proofs that anyone can verify without trusting it. "
                + "Errors are RFC 9457 problem documents.",
        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "agk_<id>_<secret>", description = "A department API key")
public class OpenApiDefinition extends Application {
}
