package org.docanchor.gateway.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docanchor.gateway.chain.contracts.AnchorRegistry;
import org.docanchor.gateway.devstack.LocalChain;
import org.docanchor.gateway.devstack.LocalPostgres;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.Parallelism;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.docanchor.gateway.testing.TcpProxy;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The real parts of a fault-injection test: an embedded PostgreSQL, an anvil node (1 s blocks) behind a
 * {@link TcpProxy}, the registry deployed by a separate admin key with the gateway's anchoring key as anchorer and
 * a revocation key of its own as revoker (the key ceremony of docs/operations.md), and a department with an API
 * key that may submit and revoke. {@link #audit} checks the promise afterwards, straight from the database and the
 * chain.
 */
final class ReliabilityStack implements AutoCloseable {

    /** Anvil's first development account: deploys the registry (never a real key). */
    private static final String DEPLOYER = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final String API_KEY = "agk_reliab01_" + "k".repeat(43);

    final Path dir;
    final LocalChain chain;
    final TcpProxy chainLink;
    final Credentials signer;
    /** Signs the revocation transactions: REVOKER_ROLE only, a nonce space of its own. */
    final Credentials revoker;
    final String registry;
    final Web3j web3j;
    private final int postgresPort;
    private LocalPostgres postgres;

    ReliabilityStack(String name) throws Exception {
        this(name, Duration.ofSeconds(1));
    }

    /** The stack with a block every {@code blockTime} (the production network's period is 2 s). */
    ReliabilityStack(String name, Duration blockTime) throws Exception {
        dir = Files.createTempDirectory("anchor-" + name + "-");
        postgresPort = freePort();
        postgres = LocalPostgres.start(dir.resolve("postgres"), postgresPort);
        chain = LocalChain.start(Path.of(System.getProperty("anchor.contracts-dir", "contracts-solidity"))
                .resolve(LocalChain.BINARY_IN_CONTRACTS), 0, 1337, blockTime, null);
        chainLink = new TcpProxy(chain.port());
        signer = Credentials.create(Keys.createEcKeyPair());
        revoker = Credentials.create(Keys.createEcKeyPair());
        web3j = Web3j.build(new HttpService(chain.rpcUrl()));
        RawTransactionManager admin = new RawTransactionManager(web3j, Credentials.create(DEPLOYER), 1337,
                new PollingTransactionReceiptProcessor(web3j, 200, 300));
        StaticGasProvider gas = new StaticGasProvider(BigInteger.ZERO, BigInteger.valueOf(6_000_000));
        AnchorRegistry deployed = AnchorRegistry.deploy(web3j, admin, gas, BigInteger.ZERO,
                Credentials.create(DEPLOYER).getAddress(), signer.getAddress(), Address.DEFAULT.getValue()).send();
        registry = deployed.getContractAddress();
        // The key ceremony of docs/operations.md: the admin gives revocation to its own key and takes it from the
        // anchoring key, which the constructor gave both roles.
        deployed.grantRole(deployed.REVOKER_ROLE().send(), revoker.getAddress()).send();
        deployed.revokeRole(deployed.REVOKER_ROLE().send(), signer.getAddress()).send();
    }

    /** The registry as its admin sees it: grants and revokes roles. */
    AnchorRegistry asAdmin() {
        return AnchorRegistry.load(registry, web3j, new RawTransactionManager(web3j, Credentials.create(DEPLOYER), 1337,
                        new PollingTransactionReceiptProcessor(web3j, 200, 300)),
                new StaticGasProvider(BigInteger.ZERO, BigInteger.valueOf(500_000)));
    }

    /** Environment of a gateway process in the prod profile, talking to the chain through the proxy. */
    Map<String, String> gatewayEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("ANCHOR_CHAIN_RPC_URL", "http://127.0.0.1:" + chainLink.port());
        env.put("ANCHOR_CHAIN_REGISTRY_ADDRESS", registry);
        // Keys as files, as the Kubernetes manifests mount them.
        env.put("ANCHOR_CHAIN_SIGNER_KEY_FILE", keyFile("signer.key", signer).toString());
        env.put("ANCHOR_CHAIN_REVOKER_KEY_FILE", keyFile("revoker.key", revoker).toString());
        // The time-stamping authority's key and certificate as files too; without them a prod gateway refuses to start.
        Path tsaKey = dir.resolve("tsa.key");
        Path tsaCertificate = dir.resolve("tsa.pem");
        if (!Files.exists(tsaKey)) {
            org.docanchor.gateway.tsa.TsaKeys.generate(tsaKey, tsaCertificate);
        }
        env.put("ANCHOR_TSA_KEY_FILE", tsaKey.toString());
        env.put("ANCHOR_TSA_CERTIFICATE_FILE", tsaCertificate.toString());
        env.put("ANCHOR_TSA_POLICY", "2.999.3161.1");
        Path receiptKey = dir.resolve("receipt.key");
        if (!Files.exists(receiptKey)) {
            org.docanchor.gateway.receipt.ReceiptKeys.generate(receiptKey);
        }
        env.put("ANCHOR_RECEIPTS_KEY_FILE", receiptKey.toString());
        env.put("ANCHOR_CHAIN_REQUEST_TIMEOUT", "2s");
        env.put("ANCHOR_CHAIN_CONSENSUS", "none");
        env.put("ANCHOR_VERIFICATION_PUBLIC_BASE_URL", "http://localhost:8080");
        env.put("ANCHOR_BATCH_MAX_DELAY", "1s");
        env.put("ANCHOR_ANCHORING_LEASE_TTL", "5s");
        env.put("ANCHOR_ANCHORING_MAX_BACKOFF", "2s");
        env.put("QUARKUS_LOG_CONSOLE_FORMAT", "%d{HH:mm:ss,SSS} %-5p [%c{1}] (%t) %s%e%n");
        return env;
    }

    private Path keyFile(String name, Credentials key) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(
                    key.getEcKeyPair().getPrivateKey(), 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
    }

    /** Creates the test department and its API key (after a gateway has migrated the schema). */
    void createDepartment() throws Exception {
        createDepartment("RELIAB", API_KEY);
    }

    /** Creates department {@code code} with {@code apiKey} (submitter and revoker). */
    void createDepartment(String code, String apiKey) throws Exception {
        try (Connection db = db()) {
            long id;
            try (PreparedStatement insert = db.prepareStatement(
                    "insert into department (code, name) values (?, ?) returning id")) {
                insert.setString(1, code);
                insert.setString(2, "Department " + code);
                try (ResultSet row = insert.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "insert into api_key (department_id, key_prefix, key_hash, roles) "
                            + "values (?, ?, ?, '{submitter,revoker}')")) {
                insert.setLong(1, id);
                insert.setString(2, apiKey.substring(0, 12));
                insert.setBytes(3, MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
                insert.executeUpdate();
            }
        }
    }

    Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    /** Stops PostgreSQL (clients now fail) and starts it again on the same port and data after {@code down}. */
    void restartPostgres(Duration down) throws InterruptedException {
        postgres.close();
        Thread.sleep(down.toMillis());
        postgres = LocalPostgres.start(dir.resolve("postgres"), postgresPort);
    }

    /** How many of the {@code acknowledged} digests are in an ANCHORED batch, straight from the database. */
    long anchoredCount(Set<String> acknowledged) throws SQLException {
        return countOf(acknowledged, """
                select count(*) from document d join batch b on d.seq between b.first_seq and b.last_seq
                 where b.status = 'ANCHORED' and d.digest = any(?)""");
    }

    /** {@code sql}'s count, its one parameter being the {@code digests} as a bytea array. */
    private long countOf(Set<String> digests, String sql) throws SQLException {
        try (Connection db = db(); PreparedStatement select = db.prepareStatement(sql)) {
            select.setArray(1, db.createArrayOf("bytea", digests.stream()
                    .map(h -> HexFormat.of().parseHex(h.substring(2))).toArray(byte[][]::new)));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Waits until every acknowledged digest is in an anchored batch; returns how long that took. */
    Duration awaitAllAnchored(Set<String> acknowledged, Duration timeout) throws Exception {
        return awaitAll(acknowledged, this::anchoredCount, "acknowledged digests anchored", timeout);
    }

    private interface Count {
        long of(Set<String> digests) throws SQLException;
    }

    private static Duration awaitAll(Set<String> acknowledged, Count done, String what, Duration timeout)
            throws Exception {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.of(acknowledged) == acknowledged.size()) {
                return Duration.ofNanos(System.nanoTime() - begin);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("only " + done.of(acknowledged) + " of " + acknowledged.size() + " " + what
                + " within " + timeout);
    }

    /** What the audit found; lost and duplicated must be zero. */
    record Audit(int acknowledged, int anchored, int lost, int duplicated, int batches, long lastBatchIdOnChain,
            long signerNonce, int verifiedOnChain) {
    }

    /**
     * Checks, for every acknowledged digest: one document row, in an ANCHORED batch, whose proof (read off the
     * batch's stored leaves) leads to the batch root and verifies on chain by eth_call; every batch's stored leaves
     * give its root and are exactly its documents, batches cover disjoint ascending ranges of document numbers and
     * no document below the last batch's range is outside every batch; batch ids 1..n on chain equal the
     * database's roots; the signer used exactly one nonce per batch.
     */
    Audit audit(Set<String> acknowledged) throws Exception {
        Map<String, Integer> rows = new HashMap<>();
        Map<Long, Hash32> roots = new HashMap<>();
        Map<Long, StandardMerkleTree> trees = new HashMap<>();
        Map<Long, Integer> documentsPerBatch = new HashMap<>();
        List<Object[]> proofs = new ArrayList<>();
        try (Connection db = db()) {
            long previousLast = 0;
            try (PreparedStatement select = db.prepareStatement(
                    "select id, root, leaves, leaf_count, first_seq, last_seq from batch order by id");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long id = row.getLong(1);
                    Hash32 root = new Hash32(row.getBytes(2));
                    roots.put(id, root);
                    StandardMerkleTree tree = StandardMerkleTree.ofLeafHashes(row.getBytes(3), Parallelism.ALL_CORES);
                    if (!tree.root().equals(root) || tree.size() != row.getInt(4)) {
                        throw new AssertionError("batch " + id + ": its stored leaves give root " + tree.root()
                                + " over " + tree.size() + " leaves; the batch says " + root + " over " + row.getInt(4));
                    }
                    if (row.getLong(5) <= previousLast || row.getLong(6) < row.getLong(5)) {
                        throw new AssertionError("batch " + id + " covers [" + row.getLong(5) + ", " + row.getLong(6)
                                + "], after a batch that ends at " + previousLast);
                    }
                    previousLast = row.getLong(6);
                    trees.put(id, tree);
                }
            }
            try (PreparedStatement select = db.prepareStatement("""
                    select d.digest, d.algorithm, p.code, d.seq, b.id, b.status
                      from document d join department p on p.id = d.department_id
                      left join batch b on d.seq between b.first_seq and b.last_seq""");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String digest = "0x" + HexFormat.of().formatHex(row.getBytes(1));
                    rows.merge(digest, 1, Integer::sum);
                    long batch = row.getLong(5);
                    if (row.wasNull()) {
                        if (row.getLong(4) <= previousLast) {
                            throw new AssertionError(digest + " (number " + row.getLong(4) + ") is in no batch, "
                                    + "below the last batch's range, which ends at " + previousLast);
                        }
                        continue;
                    }
                    documentsPerBatch.merge(batch, 1, Integer::sum);
                    Hash32 leaf = LeafEncoding.leafHash(new Hash32(row.getBytes(1)), row.getString(2), row.getString(3));
                    int index = trees.get(batch).sortedIndexOfLeaf(leaf);
                    if (index < 0) {
                        throw new AssertionError("batch " + batch + " covers " + digest + " but has no leaf " + leaf);
                    }
                    if ("ANCHORED".equals(row.getString(6))) {
                        proofs.add(new Object[] {digest, batch, roots.get(batch), leaf,
                                trees.get(batch).proof(index)});
                    }
                }
            }
        }
        trees.forEach((id, tree) -> {
            if (documentsPerBatch.getOrDefault(id, 0) != tree.size()) {
                throw new AssertionError("batch " + id + " has " + tree.size() + " leaves and covers "
                        + documentsPerBatch.getOrDefault(id, 0) + " documents");
            }
        });
        int lost = (int) acknowledged.stream().filter(d -> !rows.containsKey(d)).count();
        int duplicated = (int) rows.values().stream().filter(n -> n > 1).count();
        AnchorRegistry reader = AnchorRegistry.load(registry, web3j,
                new ReadonlyTransactionManager(web3j, signer.getAddress()),
                new StaticGasProvider(BigInteger.ZERO, BigInteger.valueOf(1_000_000)));
        long lastOnChain = reader.lastBatchId().send().longValueExact();
        for (long id = 1; id <= lastOnChain; id++) {
            Hash32 onChain = new Hash32(reader.rootOf(BigInteger.valueOf(id)).send());
            if (!onChain.equals(roots.get(id))) {
                throw new AssertionError("batch " + id + ": chain holds " + onChain + ", database " + roots.get(id));
            }
        }
        int anchored = 0;
        int verified = 0;
        for (Object[] proof : proofs) {
            @SuppressWarnings("unchecked")
            List<Hash32> path = (List<Hash32>) proof[4];
            if (!StandardMerkleTree.verify(path, (Hash32) proof[2], (Hash32) proof[3])) {
                throw new AssertionError("proof of " + proof[0] + " does not lead to the root of batch " + proof[1]);
            }
            if (acknowledged.contains((String) proof[0])) {
                anchored++;
            }
            boolean onChain = reader.verifyInclusion(path.stream().map(Hash32::bytes).toList(),
                    ((Hash32) proof[2]).bytes(), ((Hash32) proof[3]).bytes()).send();
            if (!onChain) {
                throw new AssertionError("verifyInclusion is false for " + proof[0]);
            }
            verified++;
        }
        long nonce = web3j.ethGetTransactionCount(signer.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
        return new Audit(acknowledged.size(), anchored, lost, duplicated, roots.size(), lastOnChain, nonce, verified);
    }

    /** Waits until every acknowledged revocation is RECORDED; returns how long that took. */
    Duration awaitAllRevoked(Set<String> acknowledged, Duration timeout) throws Exception {
        return awaitAll(acknowledged, this::recordedRevocations, "acknowledged revocations recorded", timeout);
    }

    private long recordedRevocations(Set<String> acknowledged) throws SQLException {
        return countOf(acknowledged, """
                select count(*) from revocation r join document d on d.id = r.document_id
                 where r.status = 'RECORDED' and d.digest = any(?)""");
    }

    /** What the revocation audit found; lost must be zero and the transactions must equal the revoker's nonce. */
    record RevocationAudit(int acknowledged, int recorded, int lost, int revokedOnChain, int transactions,
            long revokerNonce, long signerHoldsRevokerRole) {
    }

    /**
     * Checks, for every acknowledged revocation: RECORDED in the database and revoked on chain (isRevoked of its
     * leaf); counts the distinct transactions that recorded revocations and the revocation key's nonce (equal:
     * no burnt nonce, no second transaction for a group).
     */
    RevocationAudit auditRevocations(Set<String> acknowledged) throws Exception {
        Map<String, byte[]> leaves = new HashMap<>();
        Set<String> recorded = new java.util.HashSet<>();
        Set<String> transactions = new java.util.HashSet<>();
        try (Connection db = db(); PreparedStatement select = db.prepareStatement("""
                select d.digest, d.algorithm, p.code, r.status, r.tx_hash
                  from revocation r join document d on d.id = r.document_id
                  join department p on p.id = d.department_id""");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                String digest = "0x" + HexFormat.of().formatHex(row.getBytes(1));
                leaves.put(digest, LeafEncoding.leafHash(new Hash32(row.getBytes(1)), row.getString(2),
                        row.getString(3)).bytes());
                if ("RECORDED".equals(row.getString(4))) {
                    recorded.add(digest);
                    transactions.add(HexFormat.of().formatHex(row.getBytes(5)));
                }
            }
        }
        AnchorRegistry reader = AnchorRegistry.load(registry, web3j,
                new ReadonlyTransactionManager(web3j, signer.getAddress()),
                new StaticGasProvider(BigInteger.ZERO, BigInteger.valueOf(1_000_000)));
        int lost = 0;
        int onChain = 0;
        for (String digest : acknowledged) {
            if (!recorded.contains(digest)) {
                lost++;
            } else if (reader.isRevoked(leaves.get(digest)).send()) {
                onChain++;
            }
        }
        long nonce = web3j.ethGetTransactionCount(revoker.getAddress(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount().longValueExact();
        long signerRevokes = reader.hasRole(reader.REVOKER_ROLE().send(), signer.getAddress()).send() ? 1 : 0;
        return new RevocationAudit(acknowledged.size(), recorded.size(), lost, onChain, transactions.size(), nonce,
                signerRevokes);
    }

    /** Appends a line to target/reliability/report.md for docs/reliability.md. */
    static void report(String line) {
        Path reports = Path.of(System.getProperty("anchor.reports-dir", "target/reliability"));
        try {
            Files.createDirectories(reports);
            Files.writeString(reports.resolve("report.md"), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[reliability] " + line);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path log(String name) {
        return Path.of(System.getProperty("anchor.reports-dir", "target/reliability")).resolve(name + ".log");
    }

    @Override
    public void close() {
        web3j.shutdown();
        chainLink.close();
        chain.close();
        postgres.close();
    }
}
