package org.docanchor.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.docanchor.verifier.bft.BftConsensus;
import org.docanchor.verifier.bft.BftExtraData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.Keys;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks the operator files in {@code besu-network/} without Besu (which cannot run here): they parse, agree
 * with each other and with what the README documents, and keep the settings the gateway relies on.
 */
public class BesuNetworkConfigTest {

    private static final Path DIR = Path.of("besu-network");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TomlMapper TOML = new TomlMapper();
    private static final String MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";
    private static final Pattern ENODE = Pattern.compile("enode://([0-9a-f]{128})@([a-z0-9.-]+):(\\d+)");
    private static final Pattern DNS_NAME =
            Pattern.compile("besu-validator-(\\d)-0\\.besu-validator-(\\d)");
    /** The highest block gas limit this network may have: bounds the work of one (free) block. */
    private static final long MAX_BLOCK_GAS = 30_000_000L;
    /** Kubernetes deployment guide: its commands create the node key Secrets from generate.sh's output. */
    private static final Path K8S_README = Path.of("k8s/README.md");
    /** The public RPC node's Kubernetes manifest: its StatefulSet and headless Service make its DNS name. */
    private static final Path RPC_NODE_MANIFEST = Path.of("k8s/base/besu-rpc.yaml");
    /** JSON-RPC groups that only read: what the public RPC node may expose. */
    private static final Set<String> READ_APIS = Set.of("ETH", "NET", "WEB3");

    /**
     * Every option the validator configuration may use, each checked by name against the Besu CLI reference
     * (besu.hyperledger.org: "Options", "Private network options"; Xdns-* in the early-access list).
     * A misspelt option stops Besu at start-up; here it fails the build instead.
     */
    private static final Set<String> KNOWN_BESU_OPTIONS = Set.of(
            "data-path", "genesis-file", "node-private-key-file", "sync-mode",
            "rpc-http-enabled", "rpc-http-host", "rpc-http-port", "rpc-http-api", "rpc-http-cors-origins",
            "host-allowlist", "revert-reason-enabled", "min-gas-price",
            "metrics-enabled", "metrics-host", "metrics-port",
            "p2p-port", "discovery-enabled", "static-nodes-file", "Xdns-enabled", "Xdns-update-enabled",
            // MiningOptions in Besu's source: the block gas limit the validators keep.
            "target-gas-limit",
            "permissions-accounts-config-file-enabled", "permissions-accounts-config-file",
            "permissions-nodes-config-file-enabled", "permissions-nodes-config-file",
            // JsonRpcHttpOptions and ApiConfigurationOptions in Besu's source (25.11.0, 25.12.0):
            "rpc-http-max-active-connections", "rpc-http-max-request-content-length", "rpc-http-max-batch-size",
            "rpc-gas-cap", "rpc-max-logs-range");

    /** Settings of the public RPC node that must be those of the validators: the same network and files. */
    private static final List<String> SHARED_WITH_VALIDATORS = List.of(
            "data-path", "genesis-file", "node-private-key-file", "sync-mode", "rpc-http-enabled", "rpc-http-host",
            "rpc-http-port", "revert-reason-enabled", "min-gas-price", "metrics-enabled", "metrics-host",
            "metrics-port", "p2p-port", "discovery-enabled", "static-nodes-file", "Xdns-enabled",
            "Xdns-update-enabled", "permissions-nodes-config-file-enabled", "permissions-nodes-config-file",
            "permissions-accounts-config-file-enabled");

    // --- What the README documents ---

    /** validator-N -> address, from the README's table of example values. */
    private static Map<String, String> documentedValidators() throws IOException {
        Matcher m = Pattern.compile("\\| (validator-\\d) \\| `(0x[0-9a-f]{40})` \\| `([a-z0-9.-]+)` \\|")
                .matcher(readme());
        Map<String, String> validators = new LinkedHashMap<>();
        while (m.find()) {
            validators.put(m.group(1), m.group(2));
            assertThat(m.group(3)).isEqualTo(dnsName(m.group(1)));
        }
        assertThat(validators).containsOnlyKeys("validator-1", "validator-2", "validator-3", "validator-4");
        return validators;
    }

    private static String documentedSender() throws IOException {
        Matcher m = Pattern.compile("Gateway sender \\(accounts allowlist\\): `(0x[0-9a-f]{40})`").matcher(readme());
        assertThat(m.find()).as("README documents the gateway sender").isTrue();
        return m.group(1);
    }

    /** The public RPC node's example address and DNS name, from the README. */
    private static Map<String, String> documentedRpcNode() throws IOException {
        Matcher m = Pattern.compile("Public RPC node \\(not a validator\\): address `(0x[0-9a-f]{40})`, DNS name `([a-z0-9.-]+)`")
                .matcher(readme());
        assertThat(m.find()).as("README documents the public RPC node").isTrue();
        return Map.of("address", m.group(1), "dnsName", m.group(2));
    }

    private static long documentedChainId() throws IOException {
        Matcher m = Pattern.compile("chain id \\*\\*(\\d+)\\*\\*").matcher(readme());
        assertThat(m.find()).as("README documents the chain id").isTrue();
        return Long.parseLong(m.group(1));
    }

    // --- Genesis ---

    @ParameterizedTest
    @EnumSource(BftConsensus.class)
    void genesisExtraData_decodesToTheDocumentedValidators(BftConsensus consensus) throws IOException {
        JsonNode genesis = genesis(consensus);

        BftExtraData extra = BftExtraData.decode(consensus, hex(genesis.get("extraData").asText()));

        assertThat(extra.validators()).containsExactlyElementsOf(documentedValidators().values());
        assertThat(extra.validators()).isSorted();
        assertThat(extra.vanity()).isEqualTo(new byte[32]);
        assertThat(extra.vote()).isEmpty();
        assertThat(extra.round()).isZero();
        assertThat(extra.seals()).isEmpty();
    }

    @Test
    void chainId_isTheSameInBothGenesisFilesTheReadmeAndTheDevChain() throws IOException {
        long ibft2 = genesis(BftConsensus.IBFT2).at("/config/chainId").asLong();
        long qbft = genesis(BftConsensus.QBFT).at("/config/chainId").asLong();
        Properties app = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            app.load(in);
        }

        assertThat(ibft2).isEqualTo(1337).isEqualTo(qbft).isEqualTo(documentedChainId());
        // The dev stack's anvil uses the same chain id, so a proof looks the same in dev and production.
        assertThat(app.getProperty("%dev.anchor.dev-stack.chain-id")).isEqualTo(Long.toString(ibft2));
    }

    @ParameterizedTest
    @EnumSource(BftConsensus.class)
    void genesis_isALondonFreeGasBftChain(BftConsensus consensus) throws IOException {
        JsonNode genesis = genesis(consensus);
        JsonNode config = genesis.get("config");
        String own = consensus == BftConsensus.IBFT2 ? "ibft2" : "qbft";
        String other = consensus == BftConsensus.IBFT2 ? "qbft" : "ibft2";

        assertThat(config.get("londonBlock").asLong()).isZero();
        assertThat(config.get("zeroBaseFee").asBoolean()).isTrue();
        // The registry is compiled for London: no later fork may be enabled.
        assertThat(fieldNames(config)).noneMatch(n -> n.endsWith("Time") || n.startsWith("shanghai")
                || n.startsWith("cancun") || n.startsWith("prague") || n.startsWith("osaka"));
        assertThat(Files.readString(Path.of("contracts-solidity/foundry.toml")))
                .contains("evm_version = \"london\"");
        assertThat(config.has(own)).isTrue();
        assertThat(config.has(other)).isFalse();
        assertThat(config.at("/" + own + "/blockperiodseconds").asInt()).isEqualTo(2);
        assertThat(config.at("/" + own + "/epochlength").asInt()).isEqualTo(30000);
        assertThat(config.at("/" + own + "/requesttimeoutseconds").asInt()).isEqualTo(4);
        assertThat(genesis.get("difficulty").asText()).isEqualTo("0x1");
        assertThat(genesis.get("nonce").asText()).isEqualTo("0x0");
        assertThat(genesis.get("mixHash").asText()).isEqualTo(MIX_HASH);
    }

    /**
     * Free gas is safe only with a bounded block and a closed sender list: the genesis block gas limit is at most
     * {@link #MAX_BLOCK_GAS}, the validators keep it ({@code target-gas-limit}), and every validator enforces the
     * accounts allowlist, which names the gateway's sender and nothing else.
     */
    @ParameterizedTest
    @EnumSource(BftConsensus.class)
    void freeGas_comesWithABoundedBlockAndTheAccountsAllowlist(BftConsensus consensus) throws IOException {
        long gasLimit = Long.decode(genesis(consensus).get("gasLimit").asText());
        JsonNode config = nodeConfig(consensus);

        assertThat(gasLimit).as("genesis block gas limit").isPositive().isLessThanOrEqualTo(MAX_BLOCK_GAS);
        assertThat(config.path("target-gas-limit").asLong()).as("target-gas-limit keeps the genesis limit")
                .isEqualTo(gasLimit);
        assertThat(config.get("min-gas-price").asLong()).isZero();
        assertThat(config.get("permissions-accounts-config-file-enabled").asBoolean()).isTrue();
        assertThat(strings(TOML.readTree(DIR.resolve("permissions_config.toml").toFile()).get("accounts-allowlist")))
                .containsExactly(documentedSender());
    }

    @ParameterizedTest
    @EnumSource(BftConsensus.class)
    void generatorTemplate_isTheCommittedGenesisWithoutExtraData(BftConsensus consensus) throws IOException {
        String template = consensus == BftConsensus.IBFT2 ? "ibftConfigFile.json" : "qbftConfigFile.json";
        JsonNode config = JSON.readTree(DIR.resolve(template).toFile());
        ObjectNode expected = ((ObjectNode) genesis(consensus)).deepCopy();
        expected.remove("extraData");

        assertThat(config.get("genesis")).isEqualTo(expected);
        assertThat(config.at("/blockchain/nodes/generate").asBoolean()).isTrue();
        assertThat(config.at("/blockchain/nodes/count").asInt()).isEqualTo(4);
        String script = Files.readString(DIR.resolve("generate.sh"));
        assertThat(script).contains(template, "generate-blockchain-config", "--private-key-file-name=key");
        assertThat(Files.isExecutable(DIR.resolve("generate.sh"))).isTrue();
    }

    // --- Every file parses ---

    static Stream<Path> tomlFiles() throws IOException {
        return filesEndingWith(".toml");
    }

    static Stream<Path> jsonFiles() throws IOException {
        return filesEndingWith(".json");
    }

    @ParameterizedTest
    @MethodSource("tomlFiles")
    void tomlFile_parses(Path file) throws IOException {
        assertThat(TOML.readTree(file.toFile()).isObject()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("jsonFiles")
    void jsonFile_parses(Path file) throws IOException {
        assertThat(JSON.readTree(file.toFile()).isContainerNode()).isTrue();
    }

    @Test
    void fileSets_areComplete() throws IOException {
        assertThat(tomlFiles().map(DIR::relativize).map(Path::toString)).containsExactlyInAnyOrder(
                "config/ibft2.toml", "config/qbft.toml", "config/rpc-node.toml", "config/rpc-node-accounts.toml",
                "permissions_config.toml");
        assertThat(jsonFiles().map(DIR::relativize).map(Path::toString)).containsExactlyInAnyOrder(
                "ibft2/genesis.json", "qbft/genesis.json", "ibftConfigFile.json", "qbftConfigFile.json",
                "static-nodes.json");
    }

    // --- Node configuration ---

    @ParameterizedTest
    @EnumSource(BftConsensus.class)
    void nodeConfig_usesOnlyKnownOptionsAndTheGatewaysSettings(BftConsensus consensus) throws IOException {
        JsonNode config = nodeConfig(consensus);

        assertThat(fieldNames(config)).allMatch(KNOWN_BESU_OPTIONS::contains,
                "a Besu option name from the CLI reference");
        assertThat(config.get("rpc-http-enabled").asBoolean()).isTrue();
        assertThat(config.get("rpc-http-port").asInt()).isEqualTo(8545);
        assertThat(config.get("p2p-port").asInt()).isEqualTo(30303);
        assertThat(config.get("metrics-port").asInt()).isEqualTo(9545);
        assertThat(config.get("metrics-enabled").asBoolean()).isTrue();
        assertThat(config.get("revert-reason-enabled").asBoolean()).isTrue();
        assertThat(config.get("min-gas-price").asLong()).isZero();
        assertThat(strings(config.get("rpc-http-cors-origins"))).containsExactly("none");
        assertThat(strings(config.get("host-allowlist"))).doesNotContain("*")
                .contains("validator-1").containsAll(documentedValidators().keySet().stream()
                        .map(BesuNetworkConfigTest::dnsName).toList());
        assertThat(config.get("permissions-accounts-config-file-enabled").asBoolean()).isTrue();
        assertThat(config.get("permissions-nodes-config-file-enabled").asBoolean()).isTrue();
        assertThat(config.get("permissions-accounts-config-file").asText())
                .isEqualTo(config.get("permissions-nodes-config-file").asText())
                .endsWith("/permissions_config.toml");
        assertThat(config.get("discovery-enabled").asBoolean()).isFalse();
    }

    @Test
    void nodeConfigs_differOnlyInTheConsensusApiGroup() throws IOException {
        ObjectNode ibft2 = (ObjectNode) nodeConfig(BftConsensus.IBFT2);
        ObjectNode qbft = (ObjectNode) nodeConfig(BftConsensus.QBFT);

        assertThat(strings(ibft2.remove("rpc-http-api"))).containsExactly("ETH", "NET", "WEB3", "IBFT", "TXPOOL");
        assertThat(strings(qbft.remove("rpc-http-api"))).containsExactly("ETH", "NET", "WEB3", "QBFT", "TXPOOL");
        assertThat(ibft2).isEqualTo(qbft);
    }

    // --- Peers and permissions ---

    @Test
    void accountsAllowlist_holdsTheDocumentedGatewaySender() throws IOException {
        JsonNode permissions = TOML.readTree(DIR.resolve("permissions_config.toml").toFile());

        assertThat(strings(permissions.get("accounts-allowlist"))).containsExactly(documentedSender());
    }

    @Test
    void staticNodesNameTheFourValidators_andTheNodesAllowlistAlsoThePublicRpcNode() throws IOException {
        JsonNode permissions = TOML.readTree(DIR.resolve("permissions_config.toml").toFile());
        List<String> allowlist = strings(permissions.get("nodes-allowlist"));
        List<String> staticNodes = strings(JSON.readTree(DIR.resolve("static-nodes.json").toFile()));
        Map<String, String> validators = documentedValidators();
        Map<String, String> rpcNode = documentedRpcNode();

        // The validators accept the RPC node (allowlist) but never dial it (static nodes): it dials them.
        assertThat(allowlist).hasSize(5).containsAll(staticNodes);
        assertThat(staticNodes).hasSize(4);
        Set<String> named = new TreeSet<>();
        for (String enode : staticNodes) {
            Matcher m = ENODE.matcher(enode);
            assertThat(m.matches()).as("enode URL %s", enode).isTrue();
            Matcher host = DNS_NAME.matcher(m.group(2));
            assertThat(host.matches()).as("stable DNS name in %s", enode).isTrue();
            assertThat(host.group(1)).isEqualTo(host.group(2));
            String node = "validator-" + host.group(1);
            // The enode's public key must be the key of the validator at that name: its address is in genesis.
            assertThat("0x" + Keys.getAddress(m.group(1))).as("address of %s", enode).isEqualTo(validators.get(node));
            assertThat(m.group(3)).isEqualTo("30303");
            named.add(node);
        }
        assertThat(named).containsExactlyElementsOf(validators.keySet());

        List<String> rest = new ArrayList<>(allowlist);
        rest.removeAll(staticNodes);
        assertThat(rest).hasSize(1);
        Matcher m = ENODE.matcher(rest.get(0));
        assertThat(m.matches()).as("enode URL %s", rest.get(0)).isTrue();
        assertThat(m.group(2)).as("the RPC node's stable DNS name").isEqualTo(rpcNode.get("dnsName"));
        assertThat("0x" + Keys.getAddress(m.group(1))).as("the RPC node's key").isEqualTo(rpcNode.get("address"));
        assertThat(m.group(3)).isEqualTo(Integer.toString(rpcNodeConfig().get("p2p-port").asInt()));
    }

    // --- The public RPC node ---

    @Test
    void rpcNode_exposesOnlyReadApisAndRefusesEveryTransaction() throws IOException {
        JsonNode config = rpcNodeConfig();

        assertThat(fieldNames(config)).allMatch(KNOWN_BESU_OPTIONS::contains,
                "a Besu option name from the CLI reference");
        assertThat(strings(config.get("rpc-http-api"))).isNotEmpty().allMatch(READ_APIS::contains,
                "a read-only API group (ETH, NET, WEB3)").contains("ETH");
        assertThat(fieldNames(config)).noneMatch(n -> n.startsWith("miner") || n.startsWith("rpc-ws")
                || n.startsWith("graphql") || n.startsWith("engine"));
        // eth_sendRawTransaction is in ETH: the node's own accounts allowlist is empty, so its pool takes nothing.
        assertThat(config.get("permissions-accounts-config-file-enabled").asBoolean()).isTrue();
        String accountsFile = config.get("permissions-accounts-config-file").asText();
        assertThat(accountsFile).endsWith("/rpc-node-accounts.toml")
                .isNotEqualTo(nodeConfig(BftConsensus.IBFT2).get("permissions-accounts-config-file").asText());
        JsonNode accounts = TOML.readTree(DIR.resolve("config/rpc-node-accounts.toml").toFile());
        assertThat(fieldNames(accounts)).containsExactly("accounts-allowlist");
        assertThat(strings(accounts.get("accounts-allowlist"))).isEmpty();
    }

    @Test
    void rpcNode_boundsWhatOneClientCanAsk() throws IOException {
        JsonNode config = rpcNodeConfig();

        // Besu's defaults: 80 connections, 128 MiB bodies, 1024 requests a batch, 100 M gas, 5000 log blocks.
        assertThat(config.get("rpc-http-max-active-connections").asInt()).isBetween(10, 1000);
        assertThat(config.get("rpc-http-max-request-content-length").asLong()).isBetween(16_384L, 1_048_576L);
        assertThat(config.get("rpc-http-max-batch-size").asInt()).isBetween(1, 100);
        assertThat(config.get("rpc-gas-cap").asLong()).isBetween(1_000_000L, 50_000_000L);
        assertThat(config.get("rpc-max-logs-range").asLong()).isBetween(1L, 5_000L);
    }

    @Test
    void rpcNode_allowsTheVerificationPageOriginOnly() throws IOException {
        JsonNode config = rpcNodeConfig();

        List<String> origins = strings(config.get("rpc-http-cors-origins"));
        assertThat(origins).isNotEmpty().doesNotContain("*", "all", "none");
        for (String origin : origins) {
            assertCorsOrigin(origin, true);
        }
        assertThat(strings(config.get("host-allowlist"))).doesNotContain("*", "all")
                .contains("localhost", "besu-rpc", documentedRpcNode().get("dnsName"));
    }

    /**
     * Besu joins the CORS entries into one regular expression: an entry must be an origin with its dots escaped,
     * or {@code https://verify.example.gov} would also admit {@code https://verify-example.gov}.
     */
    public static void assertCorsOrigin(String entry, boolean httpsOnly) {
        String origin = entry.replace("\\.", ".");
        assertThat(origin).as("CORS entry %s is an origin", entry)
                .matches((httpsOnly ? "https" : "https?") + "://[a-z0-9.-]+(:\\d+)?");
        assertThat(Pattern.compile(entry).matcher(origin).matches()).as("%s matches its origin", entry).isTrue();
        assertThat(entry.replace("\\.", "")).as("%s escapes every dot", entry).doesNotContain(".");
    }

    @Test
    void rpcNode_sharesTheValidatorsNetworkAndFiles_andIsNotAValidator() throws IOException {
        JsonNode rpc = rpcNodeConfig();
        Map<String, String> rpcNode = documentedRpcNode();

        for (BftConsensus consensus : BftConsensus.values()) {
            JsonNode validator = nodeConfig(consensus);
            for (String key : SHARED_WITH_VALIDATORS) {
                assertThat(rpc.get(key)).as("%s of the RPC node and the %s validators", key, consensus)
                        .isNotNull().isEqualTo(validator.get(key));
            }
            BftExtraData extra = BftExtraData.decode(consensus, hex(genesis(consensus).get("extraData").asText()));
            assertThat(extra.validators()).as("%s validators", consensus).doesNotContain(rpcNode.get("address"));
        }
        assertThat(strings(rpc.get("rpc-http-api"))).doesNotContain("IBFT", "QBFT");
    }

    @Test
    void rpcNodeDnsName_isTheOneTheKubernetesManifestGivesIt() throws IOException {
        String statefulSet = null;
        String serviceName = null;
        for (Object document : new Yaml().loadAll(Files.readString(RPC_NODE_MANIFEST))) {
            Map<String, Object> object = map(document);
            if ("StatefulSet".equals(object.get("kind"))) {
                statefulSet = (String) map(object.get("metadata")).get("name");
                serviceName = (String) map(object.get("spec")).get("serviceName");
            }
        }
        assertThat(statefulSet).as("StatefulSet in %s", RPC_NODE_MANIFEST).isNotNull();

        assertThat(documentedRpcNode().get("dnsName")).isEqualTo(statefulSet + "-0." + serviceName);
        assertThat(Files.readString(DIR.resolve("generate.sh"))).contains("@" + statefulSet + "-0." + serviceName + ":");
    }

    // --- generate.sh ---

    /**
     * Runs generate.sh with a stand-in for Besu that hands out the example keys: what it writes must be the
     * committed example files, so the script puts the RPC node on the nodes allowlist and not in static nodes.
     */
    @Test
    void generateSh_writesTheCommittedLayoutFromTheSameKeys(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        JsonNode permissions = TOML.readTree(DIR.resolve("permissions_config.toml").toFile());
        Map<String, String> publicKeys = new LinkedHashMap<>(); // address -> public key, from the example enodes
        for (String enode : strings(permissions.get("nodes-allowlist"))) {
            Matcher m = ENODE.matcher(enode);
            assertThat(m.matches()).isTrue();
            publicKeys.put("0x" + Keys.getAddress(m.group(1)), m.group(1));
        }
        String rpcAddress = documentedRpcNode().get("address");
        StringBuilder validatorKeys = new StringBuilder();
        for (String address : documentedValidators().values()) {
            validatorKeys.append("  mkdir -p \"$to/keys/").append(address).append("\"; echo 0x")
                    .append(publicKeys.get(address)).append(" > \"$to/keys/").append(address)
                    .append("/key.pub\"; echo secret > \"$to/keys/").append(address).append("/key\"\n");
        }
        Path besu = tmp.resolve("besu");
        Files.writeString(besu, """
                #!/usr/bin/env bash
                # Stand-in for Besu: the subcommands generate.sh runs, with the example keys.
                set -euo pipefail
                data=""; to=""; config=""
                for a in "$@"; do
                  case "$a" in --data-path=*) data="${a#*=}" ;; --to=*) to="${a#*=}" ;; --config-file=*) config="${a#*=}" ;; esac
                done
                case " $* " in
                *" operator generate-blockchain-config "*)
                  mkdir -p "$to"
                  cp "$config" "$to/genesis.json"
                %s  ;;
                *" public-key export-address "*) echo %s > "$to" ;;
                *" public-key export "*) [ -f "$data/key" ] || echo secret > "$data/key"; echo 0x%s > "$to" ;;
                *) echo "unexpected: $*" >&2; exit 2 ;;
                esac
                """.formatted(validatorKeys, rpcAddress, publicKeys.get(rpcAddress)));
        besu.toFile().setExecutable(true);
        Path out = tmp.resolve("out");

        ProcessBuilder run = new ProcessBuilder("bash", DIR.resolve("generate.sh").toString(), "--sender",
                documentedSender(), "--out", out.toString()).redirectErrorStream(true);
        run.environment().put("BESU", besu.toString());
        Process process = run.start();
        process.getOutputStream().close();
        String log = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("generate.sh with BESU=%s:%n%s", besu, log).isZero();

        JsonNode generated = TOML.readTree(out.resolve("permissions_config.toml").toFile());
        assertThat(strings(generated.get("nodes-allowlist"))).containsExactlyElementsOf(strings(permissions.get("nodes-allowlist")));
        assertThat(strings(generated.get("accounts-allowlist"))).containsExactlyElementsOf(strings(permissions.get("accounts-allowlist")));
        assertThat(strings(JSON.readTree(out.resolve("static-nodes.json").toFile())))
                .containsExactlyElementsOf(strings(JSON.readTree(DIR.resolve("static-nodes.json").toFile())));
        assertThat(out.resolve("besu-rpc/key")).exists();
        assertThat(Files.readString(out.resolve("besu-rpc/address")).trim()).isEqualTo(rpcAddress);
        assertThat(Files.getPosixFilePermissions(out.resolve("besu-rpc/key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        // The node key Secrets of k8s/README.md are made from the files generate.sh writes (./generated = out).
        Matcher command = Pattern.compile("create secret generic (besu-[a-z0-9$-]+) --from-file=key=\\./generated/(\\S+)")
                .matcher(Files.readString(K8S_README));
        Set<String> secrets = new TreeSet<>();
        while (command.find()) {
            boolean perValidator = command.group(1).contains("$n");
            for (int n = 1; n <= (perValidator ? 4 : 1); n++) {
                String secret = command.group(1).replace("$n", Integer.toString(n));
                Path file = out.resolve(command.group(2).replace("$n", Integer.toString(n)));
                assertThat(file).as("%s: %s reads a key generate.sh wrote", K8S_README, secret).isRegularFile();
                secrets.add(secret);
            }
        }
        assertThat(secrets).as("node key Secrets created in %s", K8S_README).containsExactlyInAnyOrder(
                "besu-validator-1-key", "besu-validator-2-key", "besu-validator-3-key", "besu-validator-4-key",
                "besu-rpc-key");
    }

    // --- docker-compose ---

    @Test
    void dockerCompose_validatorsShareOneGenesisAndConfiguration() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DIR.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        Map<String, String> validators = documentedValidators();
        JsonNode nodeConfig = nodeConfig(BftConsensus.IBFT2);

        assertThat(services).containsKeys("validator-1", "validator-2", "validator-3", "validator-4", "postgres",
                "gateway");
        Set<Map<String, String>> sharedMounts = new HashSet<>();
        Set<String> keySources = new TreeSet<>();
        for (String name : validators.keySet()) {
            Map<String, Object> service = map(services.get(name));
            assertThat((String) service.get("image")).matches("hyperledger/besu:\\d+\\.\\d+\\.\\d+");
            assertThat(list(service.get("command"))).containsExactly("--config-file=/etc/besu/config.toml");
            assertThat(map(service.get("environment"))).containsEntry("BESU_IDENTITY", name);
            assertThat(list(map(map(service.get("networks")).get("besu")).get("aliases")))
                    .containsExactly(dnsName(name));

            Map<String, String> mounts = mounts(service);
            assertThat(mounts).containsKeys("/etc/besu/config.toml", nodeConfig.get("genesis-file").asText(),
                    nodeConfig.get("static-nodes-file").asText(),
                    nodeConfig.get("permissions-nodes-config-file").asText(),
                    nodeConfig.get("node-private-key-file").asText(), nodeConfig.get("data-path").asText());
            keySources.add(mounts.remove(nodeConfig.get("node-private-key-file").asText()));
            mounts.remove(nodeConfig.get("data-path").asText());
            sharedMounts.add(mounts);
        }
        assertThat(sharedMounts).as("every validator mounts the same genesis, config, peers, permissions")
                .hasSize(1);
        Map<String, String> shared = sharedMounts.iterator().next();
        assertThat(shared.get("/etc/besu/config.toml")).isEqualTo("./config/ibft2.toml");
        assertThat(DIR.resolve(shared.get("/etc/besu/config.toml"))).exists();
        assertThat(keySources).as("each validator has its own key").hasSize(4);

        Map<String, Object> gateway = map(services.get("gateway"));
        Map<String, Object> env = map(gateway.get("environment"));
        assertThat(gateway.get("image")).isEqualTo("anchor-gateway:latest");
        assertThat(env).containsEntry("ANCHOR_CHAIN_AUTO_DEPLOY", "true");
        assertThat((String) env.get("ANCHOR_CHAIN_RPC_URL"))
                .matches("http://validator-\\d:" + nodeConfig.get("rpc-http-port").asInt());
        assertThat(withDefaults((String) env.get("ANCHOR_CHAIN_CONSENSUS"))).isEqualTo("ibft2");
    }

    @Test
    void dockerCompose_publicRpcNodeIsTheOnlyPublishedRpcAndWhatVerifiersAreGiven() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(DIR.resolve("docker-compose.yml")));
        Map<String, Object> services = map(compose.get("services"));
        Map<String, String> validators = documentedValidators();
        JsonNode rpcConfig = rpcNodeConfig();
        JsonNode validatorConfig = nodeConfig(BftConsensus.IBFT2);
        Map<String, Object> rpc = map(services.get("besu-rpc"));
        Map<String, Object> validator1 = map(services.get("validator-1"));

        assertThat(rpc.get("image")).isEqualTo(validator1.get("image"));
        assertThat(list(rpc.get("command"))).containsExactly("--config-file=/etc/besu/config.toml");
        assertThat(list(map(map(rpc.get("networks")).get("besu")).get("aliases")))
                .containsExactly(documentedRpcNode().get("dnsName"));

        // Its own configuration and (empty) accounts allowlist, the network's genesis, peers and nodes allowlist,
        // and a key of its own.
        Map<String, String> mounts = mounts(rpc);
        Map<String, String> validatorMounts = mounts(validator1);
        assertThat(mounts.get("/etc/besu/config.toml")).isEqualTo("./config/rpc-node.toml");
        assertThat(mounts.get(rpcConfig.get("permissions-accounts-config-file").asText()))
                .isEqualTo("./config/rpc-node-accounts.toml");
        for (String key : List.of("genesis-file", "static-nodes-file", "permissions-nodes-config-file")) {
            String path = rpcConfig.get(key).asText();
            assertThat(mounts.get(path)).as(key).isNotNull().isEqualTo(validatorMounts.get(path));
        }
        String key = mounts.get(rpcConfig.get("node-private-key-file").asText());
        assertThat(key).isNotNull().endsWith("/besu-rpc/key");
        for (String name : validators.keySet()) {
            assertThat(mounts(map(services.get(name))).get(validatorConfig.get("node-private-key-file").asText()))
                    .as("%s has another key than the RPC node", name).isNotEqualTo(key);
        }
        assertThat(mounts).containsKey(rpcConfig.get("data-path").asText());

        // The CORS origin comes from .env under the variable Besu reads for rpc-http-cors-origins.
        Map<String, Object> env = map(rpc.get("environment"));
        String corsVariable = besuEnvironmentName("rpc-http-cors-origins");
        assertThat(env).containsKey(corsVariable);
        Matcher reference = Pattern.compile("\\$\\{([A-Z_]+):\\?[^}]*}").matcher((String) env.get(corsVariable));
        assertThat(reference.matches()).as("%s is required from .env", corsVariable).isTrue();
        Properties dotEnv = new Properties();
        try (InputStream in = Files.newInputStream(DIR.resolve(".env.example"))) {
            dotEnv.load(in);
        }
        assertCorsOrigin(dotEnv.getProperty(reference.group(1), ""), false);

        // Only the RPC node's JSON-RPC is published as the public 8545; everything published is on the loopback.
        int rpcPort = rpcConfig.get("rpc-http-port").asInt();
        Map<String, String> published = new LinkedHashMap<>(); // host port -> service:container port
        for (Map.Entry<String, Object> service : services.entrySet()) {
            Object ports = map(service.getValue()).get("ports");
            for (Object port : ports == null ? List.of() : list(ports)) {
                String[] parts = ((String) port).split(":");
                assertThat(parts).as("%s publishes %s on an interface", service.getKey(), port).hasSize(3);
                assertThat(parts[0]).as("%s publishes %s", service.getKey(), port).isEqualTo("127.0.0.1");
                published.put(parts[1], service.getKey() + ":" + parts[2]);
            }
        }
        assertThat(published).containsEntry(Integer.toString(rpcPort), "besu-rpc:" + rpcPort);
        assertThat(published.values()).filteredOn(target -> target.startsWith("besu-rpc:")).hasSize(1);

        Map<String, Object> gatewayEnv = map(map(services.get("gateway")).get("environment"));
        java.net.URI publicUrl = java.net.URI.create((String) gatewayEnv.get("ANCHOR_CHAIN_PUBLIC_RPC_URL"));
        assertThat(published).as("ANCHOR_CHAIN_PUBLIC_RPC_URL %s is the RPC node's published port", publicUrl)
                .containsEntry(Integer.toString(publicUrl.getPort()), "besu-rpc:" + rpcPort);
        assertThat(strings(rpcConfig.get("host-allowlist"))).contains(publicUrl.getHost());
    }

    // --- helpers ---

    private static String readme() throws IOException {
        return Files.readString(DIR.resolve("README.md"));
    }

    private static String dnsName(String node) {
        return "besu-" + node + "-0.besu-" + node;
    }

    private static JsonNode genesis(BftConsensus consensus) throws IOException {
        String dir = consensus == BftConsensus.IBFT2 ? "ibft2" : "qbft";
        return JSON.readTree(DIR.resolve(dir).resolve("genesis.json").toFile());
    }

    private static JsonNode nodeConfig(BftConsensus consensus) throws IOException {
        String file = consensus == BftConsensus.IBFT2 ? "ibft2.toml" : "qbft.toml";
        return TOML.readTree(DIR.resolve("config").resolve(file).toFile());
    }

    private static JsonNode rpcNodeConfig() throws IOException {
        return TOML.readTree(DIR.resolve("config/rpc-node.toml").toFile());
    }

    /** The variable Besu reads for an option before its configuration file: BESU_ and the name in upper case. */
    public static String besuEnvironmentName(String option) {
        return "BESU_" + option.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>(); // container path -> host source (defaults applied)
        for (Object volume : list(service.get("volumes"))) {
            String[] parts = withDefaults((String) volume).split(":");
            mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }

    private static Stream<Path> filesEndingWith(String suffix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DIR)) {
            files = walk.filter(p -> p.toString().endsWith(suffix))
                    .filter(p -> !DIR.relativize(p).startsWith("generated"))
                    .sorted().toList();
        }
        return files.stream();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("an array: %s", array).isTrue();
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Applies the defaults of {@code ${VAR:-default}} and {@code ${VAR:?message}} (the latter to empty). */
    private static String withDefaults(String value) {
        return value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1").replaceAll("\\$\\{[A-Z_]+:\\?[^}]*}", "");
    }

    private static byte[] hex(String value) {
        return HexFormat.of().parseHex(value.substring(2));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
