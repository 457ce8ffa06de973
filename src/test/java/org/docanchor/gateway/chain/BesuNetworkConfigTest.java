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
class BesuNetworkConfigTest {

    private static final Path DIR = Path.of("besu-network");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TomlMapper TOML = new TomlMapper();
    private static final String MIX_HASH = "0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365";
    private static final Pattern ENODE = Pattern.compile("enode://([0-9a-f]{128})@([a-z0-9.-]+):(\\d+)");
    private static final Pattern DNS_NAME =
            Pattern.compile("validator-(\\d)-0\\.besu-validator-(\\d)\\.besu\\.svc\\.cluster\\.local");

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
            "permissions-accounts-config-file-enabled", "permissions-accounts-config-file",
            "permissions-nodes-config-file-enabled", "permissions-nodes-config-file");

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
        assertThat(genesis.get("gasLimit").asText()).isEqualTo("0x1fffffffffffff");
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
                "config/ibft2.toml", "config/qbft.toml", "permissions_config.toml");
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
    void nodesAllowlistAndStaticNodes_nameExactlyTheFourValidators() throws IOException {
        JsonNode permissions = TOML.readTree(DIR.resolve("permissions_config.toml").toFile());
        List<String> allowlist = strings(permissions.get("nodes-allowlist"));
        List<String> staticNodes = strings(JSON.readTree(DIR.resolve("static-nodes.json").toFile()));
        Map<String, String> validators = documentedValidators();

        assertThat(staticNodes).containsExactlyInAnyOrderElementsOf(allowlist);
        assertThat(allowlist).hasSize(4);
        Set<String> named = new TreeSet<>();
        for (String enode : allowlist) {
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

            Map<String, String> mounts = new LinkedHashMap<>(); // container path -> host source (defaults applied)
            for (Object volume : list(service.get("volumes"))) {
                String[] parts = withDefaults((String) volume).split(":");
                mounts.put(parts[1], parts[0]);
            }
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

    // --- helpers ---

    private static String readme() throws IOException {
        return Files.readString(DIR.resolve("README.md"));
    }

    private static String dnsName(String node) {
        return node + "-0.besu-" + node + ".besu.svc.cluster.local";
    }

    private static JsonNode genesis(BftConsensus consensus) throws IOException {
        String dir = consensus == BftConsensus.IBFT2 ? "ibft2" : "qbft";
        return JSON.readTree(DIR.resolve(dir).resolve("genesis.json").toFile());
    }

    private static JsonNode nodeConfig(BftConsensus consensus) throws IOException {
        String file = consensus == BftConsensus.IBFT2 ? "ibft2.toml" : "qbft.toml";
        return TOML.readTree(DIR.resolve("config").resolve(file).toFile());
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
