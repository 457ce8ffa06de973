package org.docanchor.gateway.web;

import java.util.ArrayList;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Makes the OpenAPI document say what client generators and linters need said outright: a public operation (one
 * without a security requirement) states {@code security: []}, so that no generator applies a global default to
 * it, and the document names its server (relative: wherever it is served from).
 */
public class OpenApiFilter implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getSecurity() == null) {
            operation.setSecurity(new ArrayList<>());
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getServers() == null || openAPI.getServers().isEmpty()) {
            openAPI.addServer(org.eclipse.microprofile.openapi.OASFactory.createServer().url("/")
                    .description("this gateway"));
        }
    }
}
