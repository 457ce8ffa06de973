package org.docanchor.gateway.chain;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.docanchor.gateway.chain.contracts.AnchorRegistry;
import org.docanchor.gateway.chain.contracts.IssuerRegistry;
import org.docanchor.verifier.merkle.Hash32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The one façade through which the gateway talks to the chain: reads of the registry, signing and broadcasting
 * anchoring transactions, receipts and blocks. Every call is bounded by {@code anchor.chain.request-timeout};
 * an unreachable node is a {@link ChainUnavailableException}, an error answer a {@link ChainRejectedException}.
 */
@ApplicationScoped
public class ChainClient {

    private final ChainConfig config;
    /** Reads need a "from" address only; a replica without a key reads as the zero address. */
    private static final String NO_SIGNER = "0x0000000000000000000000000000000000000000";

    private final Optional<Credentials> signerKey;
    private final Optional<Credentials> revokerKey;
    private final Optional<Credentials> issuerAdminKey;
    private final HttpService service;
    private final Web3j web3j;
    private volatile Long chainId;
    private volatile String registryAddress;
    private volatile Optional<String> issuerRegistryAddress = Optional.empty();
    private volatile long issuerRegistryFromBlock;

    public ChainClient(ChainConfig config, SignerKeys signerKeys) {
        this.config = config;
        this.signerKey = signerKeys.credentials();
        this.revokerKey = signerKeys.revoker();
        this.issuerAdminKey = signerKeys.issuerAdmin();
        long timeoutMillis = config.requestTimeout().toMillis();
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .writeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .callTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .build();
        this.service = new HttpService(config.rpcUrl(), http);
        this.web3j = Web3j.build(service);
    }

    void close(@Observes ShutdownEvent event) {
        web3j.shutdown();
    }

    /** The address that signs anchoring transactions (never the key); empty on a replica without a key. */
    public Optional<String> signerAddress() {
        return signerKey.map(Credentials::getAddress);
    }

    /** The address that signs revocation transactions: its own key, or the anchoring key where allowed. */
    public Optional<String> revokerAddress() {
        return revokerKey.map(Credentials::getAddress);
    }

    private Credentials signer() {
        return signerKey.orElseThrow(() -> new IllegalStateException(
                "this replica has no signing key (anchor.anchoring.enabled=false)"));
    }

    private Credentials revoker() {
        return revokerKey.orElseThrow(() -> new IllegalStateException(
                "this replica has no revocation key (anchor.anchoring.enabled=false)"));
    }

    private String readerAddress() {
        return signerKey.map(Credentials::getAddress).orElse(NO_SIGNER);
    }

    public long chainId() {
        Long id = chainId;
        if (id == null) {
            id = call("eth_chainId", () -> checked(web3j.ethChainId().send()).getChainId().longValueExact());
            chainId = id;
        }
        return id;
    }

    /** The chain id if already read from the node, without asking it (intake must not wait on the chain). */
    public Optional<Long> knownChainId() {
        return Optional.ofNullable(chainId);
    }

    /** The registry address once {@link RegistryBootstrap} set it, without waiting. */
    public Optional<String> knownRegistryAddress() {
        return Optional.ofNullable(registryAddress);
    }

    public String registryAddress() {
        String address = registryAddress;
        if (address == null) {
            throw new IllegalStateException("the registry address is not known yet");
        }
        return address;
    }

    /** Set once at start-up by {@link RegistryBootstrap}. */
    void useRegistry(String address) {
        this.registryAddress = address;
    }

    /**
     * Throws {@link RegistryMissingException} when the node has no code at the registry's address. The anchorer
     * then stops (and backs off) rather than sending transactions that would succeed against nothing.
     */
    public void requireRegistryCode() {
        String address = registryAddress();
        if (!hasCode(address)) {
            throw new RegistryMissingException("the node at " + config.rpcUrl() + " has no code at registry "
                    + address + " (a node resyncing or reset, or the wrong chain): nothing is sent until it has");
        }
    }

    public boolean hasCode(String address) {
        return call("eth_getCode", () -> {
            String code = checked(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send()).getCode();
            return code != null && !code.equals("0x") && !code.isEmpty();
        });
    }

    /** A contract this gateway deployed, and the block that holds it. */
    public record Deployed(String address, long blockNumber) {
    }

    /**
     * Deploys a new issuer registry whose default admin and only {@code ISSUER_ADMIN_ROLE} holder is the
     * issuer-admin key, else {@code anchor.chain.issuer-registry-admin}; never the anchoring key, which only pays
     * for the deployment. Empty, and nothing deployed, when neither is set.
     */
    public Optional<Deployed> deployIssuerRegistry() {
        Credentials signer = signer();
        Optional<String> admin = issuerAdminKey.map(Credentials::getAddress).or(config::issuerRegistryAdmin);
        if (admin.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(call("deploy issuer registry", () -> {
            IssuerRegistry contract = IssuerRegistry.deploy(web3j, deployer(signer),
                            new StaticGasProvider(config.gasPrice(), BigInteger.valueOf(6_000_000)),
                            BigInteger.valueOf(config.adminDelay().toSeconds()), admin.get(), admin.get())
                    .send();
            return new Deployed(contract.getContractAddress(),
                    contract.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact());
        }));
    }

    /**
     * Deploys a new registry whose admin and only anchorer is the signer, naming {@code issuerRegistry} (or the
     * zero address) as its issuer registry; returns its address.
     */
    public String deployRegistry(Optional<String> issuerRegistry) {
        Credentials signer = signer();
        String admin = newRegistryAdmin();
        return call("deploy", () -> AnchorRegistry.deploy(web3j, deployer(signer),
                        new StaticGasProvider(config.gasPrice(), BigInteger.valueOf(6_000_000)),
                        BigInteger.valueOf(config.adminDelay().toSeconds()),
                        admin,
                        signer.getAddress(),
                        issuerRegistry.orElse(Address.DEFAULT.getValue()))
                .send()
                .getContractAddress());
    }

    /** The default admin a registry deployed now gets, or why there is none (see {@link #registryAdmin}). */
    public String newRegistryAdmin() {
        return registryAdmin(config.registryAdmin(), config.allowSignerAsRegistryAdmin(), signer().getAddress());
    }

    /**
     * The default admin a new anchor registry gets: {@code anchor.chain.registry-admin}, which must be an address
     * other than the signer's; the signer itself only where {@code allow-signer-as-registry-admin} (dev, test).
     */
    static String registryAdmin(Optional<String> configured, boolean allowSigner, String signer) {
        if (configured.isPresent()) {
            String admin = configured.get().strip();
            if (!org.web3j.crypto.WalletUtils.isValidAddress(admin)) {
                throw new IllegalStateException("anchor.chain.registry-admin is not an address: " + admin);
            }
            if (admin.equalsIgnoreCase(signer) && !allowSigner) {
                throw new IllegalStateException("anchor.chain.registry-admin is the anchoring key's address " + signer
                        + ": the registry's admin must be another key (a cold key or a multisig)");
            }
            return admin;
        }
        if (!allowSigner) {
            throw new IllegalStateException("set anchor.chain.registry-admin to the address that administers the new "
                    + "registry (a cold key or a multisig): the anchoring key must not hold the admin role");
        }
        return signer;
    }

    private RawTransactionManager deployer(Credentials signer) {
        // web3j polls every 15 s by default; blocks come every 1-2 s.
        return new RawTransactionManager(web3j, signer, chainId(), new PollingTransactionReceiptProcessor(web3j, 500, 240));
    }

    /**
     * The issuer registry the anchor registry at {@code registry} names ({@code issuerRegistry()}); empty when it
     * names the zero address or predates the function (the call reverts or answers nothing).
     */
    public Optional<String> issuerRegistryOf(String registry) {
        return call("issuerRegistry", () -> {
            org.web3j.protocol.core.methods.response.EthCall answer = checkedCall(web3j.ethCall(
                    Transaction.createEthCallTransaction(readerAddress(), registry,
                            org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("issuerRegistry",
                                    List.of(), List.of()))),
                    DefaultBlockParameterName.LATEST).send());
            if (answer == null || answer.isReverted() || answer.getValue() == null
                    || Numeric.cleanHexPrefix(answer.getValue()).length() != 64) {
                return Optional.<String>empty();
            }
            String address = "0x" + Numeric.cleanHexPrefix(answer.getValue()).substring(24);
            return new BigInteger(address.substring(2), 16).signum() == 0 ? Optional.<String>empty()
                    : Optional.of(org.web3j.crypto.Keys.toChecksumAddress(address));
        });
    }

    private static org.web3j.protocol.core.methods.response.EthCall checkedCall(
            org.web3j.protocol.core.methods.response.EthCall call) {
        // A revert is an answer here (a registry without the function), not a node failure.
        return call.hasError() && call.getError().getMessage() != null
                && call.getError().getMessage().toLowerCase().contains("revert") ? null : checked(call);
    }

    /** The issuer registry departments and keys are read from and written to; empty when there is none. */
    public Optional<String> issuerRegistryAddress() {
        return issuerRegistryAddress;
    }

    /** The first block that can hold an event of the issuer registry. */
    public long issuerRegistryFromBlock() {
        return issuerRegistryFromBlock;
    }

    /** Set once at start-up by {@link RegistryBootstrap}. */
    void useIssuerRegistry(Optional<String> address, long fromBlock) {
        this.issuerRegistryAddress = address;
        this.issuerRegistryFromBlock = fromBlock;
    }

    /** The address holding ISSUER_ADMIN_ROLE for this gateway; empty when the gateway only prepares transactions. */
    public Optional<String> issuerAdminAddress() {
        return issuerAdminKey.map(Credentials::getAddress);
    }

    /** The registry's roles the gateway's keys hold or need (the constants of AnchorRegistry). */
    public enum Role {
        DEFAULT_ADMIN(new byte[32]),
        ANCHORER(Hash.sha3("ANCHORER_ROLE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
        REVOKER(Hash.sha3("REVOKER_ROLE".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

        private final byte[] id;

        Role(byte[] id) {
            this.id = id;
        }
    }

    /** Whether {@code account} holds {@code role} on the registry. */
    public boolean hasRole(Role role, String account) {
        return call("hasRole", () -> registry().hasRole(role.id, account).send());
    }

    /** Whether the signer holds ANCHORER_ROLE on the registry. */
    public boolean signerMayAnchor() {
        return hasRole(Role.ANCHORER, signer().getAddress());
    }

    /** Whether the revocation key holds REVOKER_ROLE on the registry (it records the departments' revocations). */
    public boolean revokerMayRevoke() {
        return hasRole(Role.REVOKER, revoker().getAddress());
    }

    /**
     * Grants {@code role} to {@code account}, signed by the anchoring key, which must be the registry's admin: only
     * where {@code allow-signer-as-registry-admin} (dev, test). Waits for the receipt.
     */
    public void grantRoleAsSigner(Role role, String account) {
        Credentials signer = signer();
        call("grantRole", () -> AnchorRegistry.load(registryAddress(), web3j, deployer(signer),
                        new StaticGasProvider(config.gasPrice(), BigInteger.valueOf(200_000)))
                .grantRole(role.id, account).send());
    }

    /** The anchoring key gives up {@code role} (renounceRole needs no admin). Waits for the receipt. */
    public void renounceRoleAsSigner(Role role) {
        Credentials signer = signer();
        call("renounceRole", () -> AnchorRegistry.load(registryAddress(), web3j, deployer(signer),
                        new StaticGasProvider(config.gasPrice(), BigInteger.valueOf(200_000)))
                .renounceRole(role.id, signer.getAddress()).send());
    }

    /** Number and time of the latest block. */
    public record Head(long number, Instant time) {
    }

    public Head head() {
        return call("eth_getBlockByNumber", () -> {
            EthBlock.Block block = checked(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
                    .getBlock();
            if (block == null) {
                throw new ChainRejectedException("the node answered no latest block");
            }
            return new Head(block.getNumber().longValueExact(), Instant.ofEpochSecond(block.getTimestamp().longValueExact()));
        });
    }

    /** The root anchored under {@code batchId}, or empty when the registry has none. */
    public Optional<Hash32> rootOf(long batchId) {
        return call("rootOf", () -> {
            Hash32 root = new Hash32(registry().rootOf(BigInteger.valueOf(batchId)).send());
            return isZero(root) ? Optional.<Hash32>empty() : Optional.of(root);
        });
    }

    /** What the registry records for {@code root}, or empty when it was never anchored. */
    public Optional<OnChainAnchor> anchorOf(Hash32 root) {
        return call("anchorOf", () -> {
            Tuple3<BigInteger, BigInteger, BigInteger> anchor = registry().anchorOf(root.bytes()).send();
            if (anchor.component1().signum() == 0) {
                return Optional.<OnChainAnchor>empty();
            }
            return Optional.of(new OnChainAnchor(anchor.component1().longValueExact(),
                    anchor.component2().longValueExact(),
                    Instant.ofEpochSecond(anchor.component3().longValueExact())));
        });
    }

    /** The registry's own answer: is {@code root} anchored and does {@code proof} lead from {@code leaf} to it. */
    public boolean verifyInclusion(List<Hash32> proof, Hash32 root, Hash32 leaf) {
        return call("verifyInclusion", () -> registry()
                .verifyInclusion(proof.stream().map(Hash32::bytes).toList(), root.bytes(), leaf.bytes())
                .send());
    }

    public long blockNumber() {
        return call("eth_blockNumber", () -> checked(web3j.ethBlockNumber().send()).getBlockNumber().longValueExact());
    }

    /** Hash of the canonical block at {@code number}, or empty when the chain is not that long. */
    public Optional<Hash32> blockHash(long number) {
        return call("eth_getBlockByNumber", () -> {
            EthBlock.Block block = checked(web3j.ethGetBlockByNumber(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send()).getBlock();
            return block == null ? Optional.<Hash32>empty() : Optional.of(Hash32.fromHex(block.getHash()));
        });
    }

    /**
     * What lets a proof be checked without a node: the anchoring block's header (RLP, with the committed seals on
     * a BFT network) and {@code eth_getProof}'s account and storage proofs of the registry's {@code anchors[root]}.
     */
    public record AnchorEvidence(byte[] header, List<String> accountProof, List<String> storageProof) {
    }

    /**
     * Collects the {@link AnchorEvidence} of {@code root}, anchored in block {@code blockNumber}. The header is
     * rebuilt from {@code eth_getBlockByNumber} and must hash to {@code blockHash} under the configured consensus;
     * a node that cannot say (no {@code eth_getProof}, a pruned state) answers {@link ChainRejectedException}.
     */
    public AnchorEvidence anchorEvidence(Hash32 root, long blockNumber, Hash32 blockHash) {
        String block = Numeric.toHexStringWithPrefix(BigInteger.valueOf(blockNumber));
        return call("anchor evidence", () -> {
            java.util.Map<String, Object> json = checked(new org.web3j.protocol.core.Request<>("eth_getBlockByNumber",
                    List.of(block, false), service, JsonObjectResponse.class).send()).getResult();
            if (json == null) {
                throw new ChainRejectedException("the node does not know block " + blockNumber);
            }
            java.util.Map<String, String> fields = new java.util.HashMap<>();
            json.forEach((name, value) -> {
                if (value instanceof String text) {
                    fields.put(name, text);
                }
            });
            org.docanchor.verifier.bft.BlockHeader header = org.docanchor.verifier.bft.BlockHeader.fromJsonFields(fields);
            Hash32 computed = new Hash32(switch (config.consensus()) {
                case "ibft2" -> org.docanchor.verifier.bft.BftBlockHashing.blockHash(header,
                        org.docanchor.verifier.bft.BftConsensus.IBFT2);
                case "qbft" -> org.docanchor.verifier.bft.BftBlockHashing.blockHash(header,
                        org.docanchor.verifier.bft.BftConsensus.QBFT);
                default -> Hash.sha3(header.encode());
            });
            if (!computed.equals(blockHash)) {
                throw new ChainRejectedException("the header of block " + blockNumber + " hashes to " + computed
                        + " under consensus " + config.consensus() + ", the node names " + blockHash
                        + " (is anchor.chain.consensus right?)");
            }
            String slot = org.docanchor.verifier.trie.AnchorStateProof.anchorSlot(root).toHex();
            org.web3j.protocol.core.methods.response.EthGetProof.Proof proof =
                    checked(web3j.ethGetProof(registryAddress(), List.of(slot), block).send()).getProof();
            if (proof == null || proof.getStorageProof() == null || proof.getStorageProof().size() != 1) {
                throw new ChainRejectedException("eth_getProof answered no storage proof for block " + blockNumber);
            }
            // Checked as every verifier will check it: a proof that would not verify is never stored.
            org.docanchor.verifier.trie.AnchorStateProof.StoredAnchor stored;
            try {
                stored = org.docanchor.verifier.trie.AnchorStateProof.verify(
                        new Hash32(header.fields().get(3)), registryAddress(), root,
                        proof.getAccountProof().stream().map(Numeric::hexStringToByteArray).toList(),
                        proof.getStorageProof().get(0).getProof().stream().map(Numeric::hexStringToByteArray).toList());
            } catch (org.docanchor.verifier.trie.InvalidTrieProofException | IllegalArgumentException e) {
                throw new ChainRejectedException("eth_getProof of block " + blockNumber + " does not verify: "
                        + e.getMessage());
            }
            if (stored.blockNumber() != blockNumber) {
                throw new ChainRejectedException("eth_getProof of block " + blockNumber + " shows the root anchored "
                        + "in block " + stored.blockNumber());
            }
            return new AnchorEvidence(header.encode(), List.copyOf(proof.getAccountProof()),
                    List.copyOf(proof.getStorageProof().get(0).getProof()));
        });
    }

    /** A JSON-RPC answer whose result is a JSON object, read as a map (every header field, whatever the fork). */
    public static class JsonObjectResponse extends Response<java.util.Map<String, Object>> {
    }

    /** A revocation as the registry records it. */
    public record OnChainRevocation(int reason, Instant revokedAt, long blockNumber, Hash32 replacementLeaf) {
    }

    /** The registry's revocation record of a leaf, or empty when it is not revoked. */
    public Optional<OnChainRevocation> revocationOf(Hash32 leaf) {
        return call("revocationOf", () -> {
            org.web3j.tuples.generated.Tuple4<BigInteger, BigInteger, BigInteger, byte[]> r =
                    registry().revocationOf(leaf.bytes()).send();
            if (r.component1().signum() == 0) {
                return Optional.<OnChainRevocation>empty();
            }
            return Optional.of(new OnChainRevocation(r.component1().intValueExact(),
                    Instant.ofEpochSecond(r.component2().longValueExact()), r.component3().longValueExact(),
                    new Hash32(r.component4())));
        });
    }

    /** Signs {@code revokeBatch(leaves, reasons, replacements)} with the next nonce of the signer. */
    public SignedTransaction signRevokeBatch(List<Hash32> leaves, List<Integer> reasons, List<Hash32> replacements) {
        String data = registry()
                .revokeBatch(leaves.stream().map(Hash32::bytes).toList(),
                        reasons.stream().map(BigInteger::valueOf).toList(),
                        replacements.stream().map(Hash32::bytes).toList())
                .encodeFunctionCall();
        return signCall(revoker(), "sign revokeBatch", data);
    }

    /**
     * Signs {@code revokeSignedBatch(leaves, reasons, replacements, keyFingerprints, signatures)}: revocations the
     * departments signed, with the next nonce of the signer.
     */
    public SignedTransaction signRevokeSignedBatch(List<Hash32> leaves, List<Integer> reasons, List<Hash32> replacements,
            List<Hash32> keyFingerprints, List<byte[]> signatures) {
        String data = registry()
                .revokeSignedBatch(leaves.stream().map(Hash32::bytes).toList(),
                        reasons.stream().map(BigInteger::valueOf).toList(),
                        replacements.stream().map(Hash32::bytes).toList(),
                        keyFingerprints.stream().map(Hash32::bytes).toList(), signatures)
                .encodeFunctionCall();
        return signCall(revoker(), "sign revokeSignedBatch", data);
    }

    /** The fingerprint of the key that signed the revocation of {@code leaf}; empty when unsigned or not revoked. */
    public Optional<Hash32> revocationSignerOf(Hash32 leaf) {
        return call("revocationSignerOf", () -> {
            Hash32 signer = new Hash32(registry().revocationSignerOf(leaf.bytes()).send());
            return isZero(signer) ? Optional.<Hash32>empty() : Optional.of(signer);
        });
    }

    /** Hash of the transaction that anchored {@code batchId} in block {@code blockNumber}, from the registry's log. */
    public Optional<String> findAnchorTransaction(long batchId, long blockNumber) {
        return call("eth_getLogs", () -> {
            DefaultBlockParameter block = DefaultBlockParameter.valueOf(BigInteger.valueOf(blockNumber));
            EthFilter filter = new EthFilter(block, block, registryAddress());
            filter.addSingleTopic(EventEncoder.encode(AnchorRegistry.ROOTANCHORED_EVENT));
            filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(batchId), 64));
            List<EthLog.LogResult> logs = checked(web3j.ethGetLogs(filter).send()).getLogs();
            return logs.stream()
                    .map(result -> ((EthLog.LogObject) result).getTransactionHash())
                    .findFirst();
        });
    }

    /**
     * Signs {@code anchor(batchId, root, leafCount)} with the next nonce of the signer. Fails with
     * {@link ChainRejectedException} when the node's gas estimation says the call would revert.
     */
    public SignedTransaction signAnchor(long batchId, Hash32 root, int leafCount) {
        String data = registry()
                .anchor(BigInteger.valueOf(batchId), root.bytes(), BigInteger.valueOf(leafCount))
                .encodeFunctionCall();
        return signCall(signer(), "sign anchor", data);
    }

    /**
     * Signs a call to the registry. Every registry write goes through here, so none is ever signed while the node
     * has no code at the registry's address (a node resyncing from scratch, a reset chain, a wrong address): a call
     * to an address without code succeeds and would pass for an anchor or a revocation.
     */
    private SignedTransaction signCall(Credentials signer, String what, String data) {
        requireRegistryCode();
        return call(what, () -> {
            BigInteger nonce = checked(web3j.ethGetTransactionCount(signer.getAddress(),
                    DefaultBlockParameterName.PENDING).send()).getTransactionCount();
            BigInteger gasLimit = estimateGas(signer.getAddress(), data);
            RawTransaction tx = RawTransaction.createTransaction(nonce, config.gasPrice(), gasLimit,
                    registryAddress(), data);
            byte[] raw = TransactionEncoder.signMessage(tx, chainId(), signer);
            return new SignedTransaction(Numeric.toHexString(Hash.sha3(raw)), raw, nonce.longValueExact());
        });
    }

    /** What the node said to a broadcast. */
    public enum Broadcast {
        /** Accepted into the pool, or already there. */
        ACCEPTED,
        /** Its nonce is already used: the transaction was mined, or another one took the nonce. */
        NONCE_USED,
        /** Another transaction with the same nonce waits in the pool. */
        NONCE_PENDING
    }

    /**
     * Broadcasts a signed transaction. "already known" counts as accepted; a used or contested nonce is reported
     * for the caller to reconcile; any other refusal is a {@link ChainRejectedException}.
     */
    public Broadcast broadcast(SignedTransaction tx) {
        return call("eth_sendRawTransaction", () -> {
            EthSendTransaction sent = web3j.ethSendRawTransaction(Numeric.toHexString(tx.raw())).send();
            if (!sent.hasError()) {
                return Broadcast.ACCEPTED;
            }
            String message = sent.getError().getMessage() == null ? "" : sent.getError().getMessage();
            return classifyRefusal(message).orElseThrow(() -> new ChainRejectedException(
                    "node refused transaction " + tx.hash() + ": " + abbreviate(message)));
        });
    }

    /**
     * What a node's refusal of {@code eth_sendRawTransaction} means, by its message (geth, Besu and anvil word them
     * differently; ChainClientClassificationTest lists the messages): empty for a refusal that is not about the nonce or
     * the transaction being known (gas, pool limits, a bad signature), which the caller treats as a failure.
     */
    static Optional<Broadcast> classifyRefusal(String message) {
        String lower = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("already known") || lower.contains("known transaction")
                || lower.contains("already imported") || lower.contains("transaction already exists")) {
            return Optional.of(Broadcast.ACCEPTED);
        }
        if (lower.contains("nonce too low") || lower.contains("nonce_too_low") || lower.contains("nonce is too low")) {
            return Optional.of(Broadcast.NONCE_USED);
        }
        // Only a replacement is about the nonce: geth's plain "transaction underpriced" is the pool's minimum price.
        if (lower.contains("replacement")) {
            return Optional.of(Broadcast.NONCE_PENDING);
        }
        return Optional.empty();
    }

    /** Transactions of {@code address} in mined blocks: every nonce below it is used for good. */
    public long minedNonce(String address) {
        return call("eth_getTransactionCount", () -> checked(web3j.ethGetTransactionCount(address,
                DefaultBlockParameterName.LATEST).send()).getTransactionCount().longValueExact());
    }

    /** The outcome of a mined transaction, or empty while it is not in a block. */
    public Optional<TransactionOutcome> outcome(String txHash) {
        return call("eth_getTransactionReceipt", () -> {
            Optional<TransactionReceipt> receipt =
                    checked(web3j.ethGetTransactionReceipt(txHash).send()).getTransactionReceipt();
            if (receipt.isEmpty()) {
                return Optional.<TransactionOutcome>empty();
            }
            TransactionReceipt r = receipt.get();
            EthBlock.Block block = checked(web3j.ethGetBlockByHash(r.getBlockHash(), false).send()).getBlock();
            if (block == null) {
                // The receipt's block left the canonical chain between the two questions: not mined, for now.
                return Optional.<TransactionOutcome>empty();
            }
            Instant blockTime = Instant.ofEpochSecond(block.getTimestamp().longValueExact());
            return Optional.of(new TransactionOutcome(r.isStatusOK(), r.getBlockNumber().longValueExact(),
                    Hash32.fromHex(r.getBlockHash()), blockTime, r.getRevertReason()));
        });
    }

    private BigInteger estimateGas(String from, String data) throws IOException {
        EthEstimateGas estimate = web3j.ethEstimateGas(Transaction.createEthCallTransaction(
                from, registryAddress(), data)).send();
        if (estimate.hasError()) {
            throw new ChainRejectedException("the registry would reject the transaction: "
                    + abbreviate(estimate.getError().getMessage()));
        }
        BigInteger estimated = estimate.getAmountUsed();
        return estimated.multiply(BigInteger.valueOf(100L + config.gasHeadroomPercent())).divide(BigInteger.valueOf(100));
    }

    // ------------------------------------------------------------------------------------------ issuer registry

    private IssuerRegistry issuer() {
        String address = issuerRegistryAddress.orElseThrow(() -> new IllegalStateException(
                "the anchor registry names no issuer registry"));
        return IssuerRegistry.load(address, web3j,
                new ReadonlyTransactionManager(web3j, readerAddress()),
                new StaticGasProvider(config.gasPrice(), BigInteger.valueOf(config.gasLimit())));
    }

    private IssuerCall issuerCall(org.web3j.protocol.core.RemoteFunctionCall<?> call, String signature,
            String... arguments) {
        return new IssuerCall(signature.substring(0, signature.indexOf('(')), signature, List.of(arguments),
                call.encodeFunctionCall());
    }

    public IssuerCall registerDepartment(String code, String nameZh, String nameEn) {
        return issuerCall(issuer().registerDepartment(code, nameZh, nameEn),
                "registerDepartment(string,string,string)", code, nameZh, nameEn);
    }

    public IssuerCall renameDepartment(String code, String nameZh, String nameEn) {
        return issuerCall(issuer().renameDepartment(code, nameZh, nameEn),
                "renameDepartment(string,string,string)", code, nameZh, nameEn);
    }

    public IssuerCall suspendDepartment(String code, Instant from) {
        return issuerCall(issuer().suspendDepartment(code, BigInteger.valueOf(from.getEpochSecond())),
                "suspendDepartment(string,uint64)", code, Long.toString(from.getEpochSecond()));
    }

    public IssuerCall reinstateDepartment(String code, Instant from) {
        return issuerCall(issuer().reinstateDepartment(code, BigInteger.valueOf(from.getEpochSecond())),
                "reinstateDepartment(string,uint64)", code, Long.toString(from.getEpochSecond()));
    }

    public IssuerCall registerKey(String code, int algorithm, byte[] spki, Instant validFrom) {
        return issuerCall(issuer().registerKey(code, BigInteger.valueOf(algorithm), spki,
                        BigInteger.valueOf(validFrom.getEpochSecond())),
                "registerKey(string,uint8,bytes,uint64)", code, Integer.toString(algorithm), Numeric.toHexString(spki),
                Long.toString(validFrom.getEpochSecond()));
    }

    public IssuerCall revokeKey(String code, Hash32 fingerprint, int reason, Instant effectiveAt) {
        return issuerCall(issuer().revokeKey(code, fingerprint.bytes(), BigInteger.valueOf(reason),
                        BigInteger.valueOf(effectiveAt.getEpochSecond())),
                "revokeKey(string,bytes32,uint8,uint64)", code, fingerprint.toHex(), Integer.toString(reason),
                Long.toString(effectiveAt.getEpochSecond()));
    }

    /** The issuer registry's address; the target of every {@link IssuerCall}. */
    public String issuerRegistry() {
        return issuerRegistryAddress.orElseThrow(() -> new IllegalStateException(
                "the anchor registry names no issuer registry"));
    }

    /**
     * Signs {@code call} with the issuer-admin key and broadcasts it; returns the transaction hash. Fails with
     * {@link ChainRejectedException} when the node's gas estimation says the registry would revert (the reason is
     * in the message). Callers serialise these: one key, one nonce sequence.
     */
    public String sendIssuerCall(IssuerCall call) {
        Credentials admin = issuerAdminKey.orElseThrow(() -> new IllegalStateException(
                "this gateway holds no issuer-admin key"));
        String to = issuerRegistry();
        return call("send " + call.function(), () -> {
            EthEstimateGas estimate = web3j.ethEstimateGas(Transaction.createEthCallTransaction(
                    admin.getAddress(), to, call.data())).send();
            if (estimate.hasError()) {
                throw new ChainRejectedException("the issuer registry would reject " + call.function() + ": "
                        + abbreviate(estimate.getError().getMessage()) + revertData(estimate.getError().getData()));
            }
            BigInteger gasLimit = estimate.getAmountUsed().multiply(BigInteger.valueOf(100L + config.gasHeadroomPercent()))
                    .divide(BigInteger.valueOf(100));
            BigInteger nonce = checked(web3j.ethGetTransactionCount(admin.getAddress(),
                    DefaultBlockParameterName.PENDING).send()).getTransactionCount();
            byte[] raw = TransactionEncoder.signMessage(RawTransaction.createTransaction(nonce, config.gasPrice(),
                    gasLimit, to, call.data()), chainId(), admin);
            String hash = Numeric.toHexString(Hash.sha3(raw));
            EthSendTransaction sent = web3j.ethSendRawTransaction(Numeric.toHexString(raw)).send();
            if (sent.hasError()) {
                throw new ChainRejectedException("node refused " + call.function() + ": "
                        + abbreviate(sent.getError().getMessage()));
            }
            return hash;
        });
    }

    private static String revertData(Object data) {
        return data == null ? "" : " (revert data " + abbreviate(String.valueOf(data)) + ")";
    }

    /**
     * The issuer registry's events in blocks {@code from} to {@code to}, in chain order, decoded. Logs the node
     * marks removed are left out.
     */
    public List<IssuerEvent.Logged> issuerEvents(long from, long to) {
        String address = issuerRegistry();
        return call("eth_getLogs", () -> {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), address);
            filter.addOptionalTopics(ISSUER_EVENTS.keySet().toArray(String[]::new));
            List<IssuerEvent.Logged> events = new java.util.ArrayList<>();
            for (EthLog.LogResult<?> result : checked(web3j.ethGetLogs(filter).send()).getLogs()) {
                org.web3j.protocol.core.methods.response.Log log = (org.web3j.protocol.core.methods.response.Log) result.get();
                if (log.isRemoved() || log.getTopics().isEmpty()) {
                    continue;
                }
                java.util.function.Function<org.web3j.protocol.core.methods.response.Log, IssuerEvent> decoder =
                        ISSUER_EVENTS.get(log.getTopics().get(0));
                if (decoder != null) {
                    events.add(new IssuerEvent.Logged(log.getBlockNumber().longValueExact(),
                            Hash32.fromHex(log.getBlockHash()), log.getLogIndex().longValueExact(), decoder.apply(log)));
                }
            }
            events.sort(java.util.Comparator.comparingLong(IssuerEvent.Logged::blockNumber)
                    .thenComparingLong(IssuerEvent.Logged::logIndex));
            return events;
        });
    }

    /** A change of who may do what on a registry (OpenZeppelin AccessControl and AccessControlDefaultAdminRules). */
    public record RoleEvent(String registry, String event, String role, String account, long blockNumber,
            String txHash) {
    }

    /** Role and admin events of the anchor registry and the issuer registry, both OpenZeppelin's AccessControl. */
    static final java.util.Map<String, String> ROLE_EVENTS = java.util.Map.of(
            Hash.sha3String("RoleGranted(bytes32,address,address)"), "RoleGranted",
            Hash.sha3String("RoleRevoked(bytes32,address,address)"), "RoleRevoked",
            Hash.sha3String("RoleAdminChanged(bytes32,bytes32,bytes32)"), "RoleAdminChanged",
            Hash.sha3String("DefaultAdminTransferScheduled(address,uint48)"), "DefaultAdminTransferScheduled",
            Hash.sha3String("DefaultAdminTransferCanceled()"), "DefaultAdminTransferCanceled",
            Hash.sha3String("DefaultAdminDelayChangeScheduled(uint48,uint48)"), "DefaultAdminDelayChangeScheduled",
            Hash.sha3String("DefaultAdminDelayChangeCanceled()"), "DefaultAdminDelayChangeCanceled");

    /** The role events of blocks {@code from} to {@code to} on the anchor registry and its issuer registry. */
    public List<RoleEvent> roleEvents(long from, long to) {
        List<String> addresses = new java.util.ArrayList<>(List.of(registryAddress()));
        issuerRegistryAddress.ifPresent(addresses::add);
        return call("eth_getLogs", () -> {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), addresses);
            filter.addOptionalTopics(ROLE_EVENTS.keySet().toArray(String[]::new));
            List<RoleEvent> events = new java.util.ArrayList<>();
            for (EthLog.LogResult<?> result : checked(web3j.ethGetLogs(filter).send()).getLogs()) {
                org.web3j.protocol.core.methods.response.Log log = (org.web3j.protocol.core.methods.response.Log) result.get();
                if (log.isRemoved() || log.getTopics().isEmpty() || !ROLE_EVENTS.containsKey(log.getTopics().get(0))) {
                    continue;
                }
                List<String> topics = log.getTopics();
                String event = ROLE_EVENTS.get(topics.get(0));
                String role = event.startsWith("Role") && topics.size() > 1 ? topics.get(1) : null;
                String account = event.equals("RoleGranted") || event.equals("RoleRevoked")
                        ? (topics.size() > 2 ? "0x" + topics.get(2).substring(26) : null)
                        : event.equals("DefaultAdminTransferScheduled") && topics.size() > 1
                                ? "0x" + topics.get(1).substring(26) : null;
                events.add(new RoleEvent(log.getAddress(), event, role, account,
                        log.getBlockNumber().longValueExact(), log.getTransactionHash()));
            }
            return events;
        });
    }

    private static Instant seconds(BigInteger value) {
        return Instant.ofEpochSecond(value.longValueExact());
    }

    private static final java.util.Map<String, java.util.function.Function<org.web3j.protocol.core.methods.response.Log,
            IssuerEvent>> ISSUER_EVENTS = issuerEventDecoders();

    private static java.util.Map<String, java.util.function.Function<org.web3j.protocol.core.methods.response.Log,
            IssuerEvent>> issuerEventDecoders() {
        java.util.Map<String, java.util.function.Function<org.web3j.protocol.core.methods.response.Log, IssuerEvent>>
                decoders = new java.util.LinkedHashMap<>();
        decoders.put(EventEncoder.encode(IssuerRegistry.DEPARTMENTREGISTERED_EVENT), log -> {
            var e = IssuerRegistry.getDepartmentRegisteredEventFromLog(log);
            return new IssuerEvent.DepartmentRegistered(e.code, e.nameZh, e.nameEn, seconds(e.registeredAt));
        });
        decoders.put(EventEncoder.encode(IssuerRegistry.DEPARTMENTRENAMED_EVENT), log -> {
            var e = IssuerRegistry.getDepartmentRenamedEventFromLog(log);
            return new IssuerEvent.DepartmentRenamed(e.code, e.nameZh, e.nameEn);
        });
        decoders.put(EventEncoder.encode(IssuerRegistry.DEPARTMENTSUSPENDED_EVENT), log -> {
            var e = IssuerRegistry.getDepartmentSuspendedEventFromLog(log);
            return new IssuerEvent.DepartmentStatus(e.code, false, seconds(e.from));
        });
        decoders.put(EventEncoder.encode(IssuerRegistry.DEPARTMENTREINSTATED_EVENT), log -> {
            var e = IssuerRegistry.getDepartmentReinstatedEventFromLog(log);
            return new IssuerEvent.DepartmentStatus(e.code, true, seconds(e.from));
        });
        decoders.put(EventEncoder.encode(IssuerRegistry.KEYREGISTERED_EVENT), log -> {
            var e = IssuerRegistry.getKeyRegisteredEventFromLog(log);
            return new IssuerEvent.KeyRegistered(e.code, new Hash32(e.fingerprint), e.algorithm.intValueExact(),
                    e.spki, seconds(e.validFrom), seconds(e.registeredAt));
        });
        decoders.put(EventEncoder.encode(IssuerRegistry.KEYREVOKED_EVENT), log -> {
            var e = IssuerRegistry.getKeyRevokedEventFromLog(log);
            return new IssuerEvent.KeyRevoked(e.code, new Hash32(e.fingerprint), e.reason.intValueExact(),
                    seconds(e.effectiveAt), seconds(e.revokedAt));
        });
        decoders.put(EventEncoder.encode(IssuerRegistry.DOCUMENTTYPEALLOWED_EVENT), log -> {
            var e = IssuerRegistry.getDocumentTypeAllowedEventFromLog(log);
            return new IssuerEvent.DocumentType(e.code, e.docType, true);
        });
        decoders.put(EventEncoder.encode(IssuerRegistry.DOCUMENTTYPEWITHDRAWN_EVENT), log -> {
            var e = IssuerRegistry.getDocumentTypeWithdrawnEventFromLog(log);
            return new IssuerEvent.DocumentType(e.code, e.docType, false);
        });
        return java.util.Map.copyOf(decoders);
    }

    private AnchorRegistry registry() {
        return AnchorRegistry.load(registryAddress(), web3j,
                new ReadonlyTransactionManager(web3j, readerAddress()),
                new StaticGasProvider(config.gasPrice(), BigInteger.valueOf(config.gasLimit())));
    }

    /** Node error messages can quote whole transactions; keep logs and problem details readable. */
    private static String abbreviate(String message) {
        if (message == null || message.length() <= 300) {
            return message;
        }
        return message.substring(0, 300) + "... (" + message.length() + " characters)";
    }

    private static boolean isZero(Hash32 hash) {
        for (byte b : hash.bytes()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static <T extends Response<?>> T checked(T response) {
        if (response.hasError()) {
            throw new ChainRejectedException("node answered error " + response.getError().getCode() + ": "
                    + abbreviate(response.getError().getMessage()));
        }
        return response;
    }

    private interface ChainCall<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, ChainCall<T> body) {
        try {
            return body.run();
        } catch (Exception e) {
            throw translate(what, config.rpcUrl(), e);
        }
    }

    /**
     * What a failed chain call becomes: an unreachable node (I/O, an HTTP error status from the node or a proxy in
     * front of it) is {@link ChainUnavailableException}; the node's or the registry's refusal, and an answer web3j
     * cannot decode, {@link ChainRejectedException}. Anything else is a programming error and stays what it is, so
     * it is logged as one rather than passing for the chain's answer.
     */
    static RuntimeException translate(String what, String rpcUrl, Exception e) {
        if (e instanceof ChainRejectedException || e instanceof ChainUnavailableException) {
            return (RuntimeException) e;
        }
        IOException io = e instanceof IOException direct ? direct
                : e.getCause() instanceof IOException cause ? cause : null;
        if (io != null || e instanceof org.web3j.protocol.exceptions.ClientConnectionException) {
            Throwable reason = io != null ? io : e;
            return new ChainUnavailableException(what + ": node at " + rpcUrl + " unreachable ("
                    + reason.getClass().getSimpleName() + ": " + abbreviate(reason.getMessage()) + ")", reason);
        }
        if (e instanceof org.web3j.protocol.exceptions.TransactionException
                || e instanceof org.web3j.tx.exceptions.ContractCallException
                || e instanceof org.web3j.exceptions.MessageDecodingException) {
            return new ChainRejectedException(what + " failed: " + abbreviate(e.getMessage()), e);
        }
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        // A checked exception web3j declares but we do not expect (e.g. InterruptedException from a receipt poll).
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new ChainUnavailableException(what + ": interrupted", e);
        }
        return new IllegalStateException(what + " failed unexpectedly", e);
    }
}
