package org.docanchor.gateway.chain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** How the gateway reaches the chain and its registry contract. */
@ConfigMapping(prefix = "anchor.chain")
public interface ChainConfig {

    /** JSON-RPC endpoint of a node the gateway sends transactions to and reads from. */
    String rpcUrl();

    /** JSON-RPC endpoint that public verifiers should use, published by {@code GET /api/v1/network}. */
    Optional<String> publicRpcUrl();

    /**
     * How the network seals blocks: {@code ibft2}, {@code qbft}, or {@code none} (a development chain such as
     * anvil). Decides how the anchoring block's header is hashed, and is published for verifiers.
     */
    @WithDefault("ibft2")
    String consensus();

    /**
     * The network's validator addresses, published by {@code GET /api/v1/network} for verifiers that check
     * committed seals offline (for convenience: a careful verifier keeps its own copy).
     */
    Optional<java.util.List<String>> validators();

    /** Time between blocks, for the expected anchoring time of a pending document. */
    @WithDefault("2s")
    Duration blockPeriod();

    /** Address of the deployed registry; required unless {@code auto-deploy} is on. */
    Optional<String> registryAddress();

    /** Deploys the registry on first start and remembers its address in the database (dev and test only). */
    @WithDefault("false")
    boolean autoDeploy();

    /**
     * Address that becomes the default admin of an anchor registry this gateway deploys (auto-deploy): a cold key
     * or a multisig of the operator, never the anchoring key, which with the admin role could grant itself any
     * role. Required for a deployment unless {@code allow-signer-as-registry-admin} (dev and test).
     */
    Optional<String> registryAdmin();

    /** Lets a deployment make the anchoring key the registry's admin when no {@code registry-admin} is set. */
    @WithDefault("false")
    boolean allowSignerAsRegistryAdmin();

    /** Delay before a new registry admin takes over (AccessControlDefaultAdminRules), used when deploying. */
    @WithDefault("48h")
    Duration adminDelay();

    /** Gas price of every transaction; 0 on a free-gas Besu network. */
    @WithDefault("0")
    BigInteger gasPrice();

    /** Gas limit when estimation fails; an estimate gets {@code gas-headroom-percent} on top. */
    @WithDefault("500000")
    long gasLimit();

    /** Extra gas above the estimate, in percent. */
    @WithDefault("25")
    int gasHeadroomPercent();

    /** Blocks on top of the receipt's block before a batch counts as anchored: 0 on IBFT 2.0 and QBFT. */
    @WithDefault("0")
    int confirmations();

    /** Connect and read timeout of one JSON-RPC request. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** How long to wait for a receipt before the transaction is looked at again. */
    @WithDefault("60s")
    Duration receiptTimeout();

    /** Key that signs anchoring transactions; it needs {@code ANCHORER_ROLE} on the registry, nothing else. */
    Signer signer();

    /**
     * Key that signs the transactions recording the departments' revocations; it needs {@code REVOKER_ROLE} only.
     * A key of its own, with its own nonces: unset, revocations are signed with the anchoring key, which start-up
     * refuses unless {@code allow-shared-revoker} says so (one stolen key could then anchor and revoke).
     */
    Signer revoker();

    /** Lets the anchoring key also record revocations when no {@code revoker} key is configured. */
    @WithDefault("false")
    boolean allowSharedRevoker();

    /**
     * Key holding the issuer registry's {@code ISSUER_ADMIN_ROLE}, never the anchoring key. Unset (the production
     * default) the gateway holds none: department and key changes are prepared as unsigned transactions for the
     * accrediting body to sign. The dev and test profiles generate one.
     */
    Signer issuerAdmin();

    /**
     * Address that becomes the default admin and ISSUER_ADMIN_ROLE holder of an issuer registry this gateway deploys
     * (auto-deploy) when the gateway holds no issuer-admin key: the accrediting body's account. With neither, the
     * anchor registry is deployed naming no issuer registry: the anchoring key is never given power over it.
     */
    Optional<String> issuerRegistryAdmin();

    /**
     * First block to read the issuer registry's events from, when the registry is configured rather than deployed
     * by this gateway (which records the deployment block itself); 0 reads the whole chain.
     */
    @WithDefault("0")
    long issuerRegistryFromBlock();

    /** Where the signing key comes from: a private key (a Kubernetes Secret), or a key file. */
    interface Signer {

        /** Hex secp256k1 private key; give it through a Secret or the environment, never in a file in git. */
        Optional<String> privateKey();

        /** File holding the hex private key. */
        Optional<Path> keyFile();

        /** Creates {@code key-file} with a new random key when it does not exist (dev and test only). */
        @WithDefault("false")
        boolean generate();
    }
}
