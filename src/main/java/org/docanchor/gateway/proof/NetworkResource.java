package org.docanchor.gateway.proof;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tells verifiers which chain and registry to check proofs against. */
@Path("/api/v1/network")
@Tag(name = "Proofs")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class NetworkResource {

    /**
     * The network a verifier needs: chain id, registry address, a public RPC endpoint (absent when none is
     * configured: the gateway never publishes its internal node), the consensus and, when configured, the
     * validator set (for convenience: a careful verifier keeps its own copy).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record NetworkInfo(long chainId, String registry, String rpcUrl, String consensus,
            java.util.List<String> validators, String leafEncoding) {
    }

    private final ChainClient chain;
    private final ChainConfig config;

    public NetworkResource(ChainClient chain, ChainConfig config) {
        this.chain = chain;
        this.config = config;
    }

    @GET
    @Operation(operationId = "getNetwork", summary = "The chain and registry that proofs refer to")
    @APIResponse(responseCode = "200", description = "Network facts for verifiers")
    @APIResponse(responseCode = "429", description = "Too many anonymous requests from this address; see Retry-After")
    @APIResponse(responseCode = "503", description = "The chain id could not be read from the node")
    public NetworkInfo network() {
        return new NetworkInfo(chain.chainId(), chain.registryAddress(), config.publicRpcUrl().orElse(null),
                config.consensus(), config.validators().orElse(null), "[\"bytes32\",\"string\",\"string\"]");
    }
}
