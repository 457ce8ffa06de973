package org.docanchor.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.docanchor.gateway.chain.BesuNetworkConfigTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every kustomize overlay under {@code k8s/overlays} with {@code kubectl kustomize} and checks the result:
 * strictly against the Kubernetes API model (an unknown field or kind fails), and against the application itself
 * (probe paths, configuration keys, secrets only by reference, locked-down containers, the network policies).
 * Without kubectl it skips locally and fails when {@code CI} is set; {@code KUBECTL} names another binary.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final Path K8S = ROOT.resolve("k8s");
    private static final String GATEWAY_IMAGE = "anchor-gateway";
    private static final String BESU_IMAGE = "hyperledger/besu";
    private static final int BESU_RPC_PORT = 8545;
    /** The public RPC node's configuration: k8s/base/besu/rpc-node*.toml must be these files. */
    private static final Path RPC_NODE_CONFIG = Path.of("besu-network/config/rpc-node.toml");
    private static final Path RPC_NODE_ACCOUNTS = Path.of("besu-network/config/rpc-node-accounts.toml");
    /** The namespace of the ingress controller that publishes besu-rpc (the one public way in). */
    private static final String INGRESS_NAMESPACE = "ingress-nginx";
    private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";
    /** Pods with this label may reach the validators' JSON-RPC: exactly those that sign transactions. */
    private static final String SIGNER_LABEL = "docanchor.org/chain-signer";
    /** What the kubelet and Prometheus send as Host when they call a pod by its IP. */
    private static final String POD_IP = "<pod IP>";
    private static final TomlMapper TOML = new TomlMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOOTSTRAP_KEY_FILE_PROPERTY = "anchor.identity.bootstrap-admin-key-file";
    private static final String TRUSTED_ROOTS_PROPERTY = "anchor.identity.trusted-roots-file";
    /** Optional, created outside git: the first admin's key, and the government roots certificate chains lead to. */
    private static final String BOOTSTRAP_SECRET = "anchor-gateway-bootstrap-admin";
    private static final String TRUSTED_ROOTS_CONFIG_MAP = "anchor-gateway-trusted-roots";
    /** The Besu network's files, of which k8s/base/besu/ holds copies. */
    private static final Path BESU_NETWORK = Path.of("besu-network");
    /** The Secret with the gateway's signing key: only pods that anchor or deploy the registry may see it. */
    private static final String SIGNER_SECRET = "anchor-gateway-signer";
    private static final String REVOKER_SECRET = "anchor-gateway-revoker";
    /** What serving REST needs; its {@code @HealthGroup} is the group Kubernetes readiness must use. */
    private static final Path INTAKE_HEALTH_CHECK = Path.of("src/main/java/org/docanchor/gateway/web/IntakeHealthCheck.java");

    /** The API objects the manifests may contain, by apiVersion/kind; any other kind fails. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class));

    /** Quarkus properties the manifests may set, beyond those application.properties already names. */
    private static final Set<String> QUARKUS_ALLOWED = Set.of(
            "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password",
            "quarkus.flyway.username", "quarkus.flyway.password", "quarkus.log.console.json", "quarkus.http.port", "quarkus.http.host", "quarkus.profile");

    /** Environment variables the base image's run-java.sh reads (not application properties). */
    private static final Set<String> RUN_JAVA_VARIABLES = Set.of(
            "JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO", "JAVA_APP_JAR", "JAVA_DEBUG");

    /** Names of environment variables that carry credentials: only ever from a Secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|PRIVATE_KEY|USERNAME|PGUSER|POSTGRES_USER).*");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Reads a document into its model class, failing on any field the Kubernetes API does not define. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                // fabric8 model classes collect unknown fields in additionalProperties (an any-setter) and some
                // declare ignoreUnknown: both would let a typo such as "replica:" pass unnoticed.
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
                    return super.findPropertyIgnoralByName(config, annotated).withoutIgnoreUnknown();
                }
            })
            .build();

    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            List<String> names = dirs.filter(dir -> Files.exists(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
            assertThat(names).as("overlays under k8s/overlays").contains("dev", "prod");
            return names.stream();
        }
    }

    // ---------------------------------------------------------------- rendering and the API schema

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyRenderedObjectIsAKnownKindWithOnlyApiFields(String overlay) {
        List<HasMetadata> objects = render(overlay);
        assertThat(objects).as("objects rendered from %s", overlay).isNotEmpty();
        assertThat(named(objects, Deployment.class, "anchor-gateway")).as("gateway Deployment in " + overlay).isPresent();
    }

    @Test
    void theStrictReaderRejectsAFieldTheApiDoesNotDefine() {
        String typo = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replica: 2}
                """;
        try {
            parse("typo", typo);
        } catch (AssertionError expected) {
            assertThat(expected).hasMessageContaining("replica");
            return;
        }
        fail("a Deployment with spec.replica was accepted");
    }

    // ---------------------------------------------------------------- probes and scraping against the app

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void gatewayProbesAndScrapingUseEndpointsTheAppServes(String overlay) throws IOException {
        Properties app = applicationProperties();
        int httpPort = Integer.parseInt(app.getProperty("quarkus.http.port", "8080"));
        // The image is the prod build: with the management interface on, /q/* is served on its port only.
        boolean management = "true".equals(app.getProperty("%prod.quarkus.management.enabled",
                app.getProperty("quarkus.management.enabled", "false")));
        int probePort = management ? managementPort(app) : httpPort;
        String q = "/" + app.getProperty("quarkus.http.non-application-root-path", "q").replaceAll("^/|/$", "");
        String health = q + "/" + app.getProperty("quarkus.smallrye-health.root-path", "health").replaceAll("^/|/$", "");
        // Readiness is the intake group, not /ready: /ready includes the chain, and a chain outage (which intake
        // survives) must not take every replica out of service.
        String readiness = health + "/" + app.getProperty("quarkus.smallrye-health.group-path", "group")
                .replaceAll("^/|/$", "") + "/" + intakeHealthGroup();
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(pom).as("health and metrics extensions the probes and scraping rely on")
                .contains("<artifactId>quarkus-smallrye-health</artifactId>")
                .contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>");

        List<Workload> gateways = workloads(render(overlay)).stream()
                .filter(w -> !(w.object() instanceof Job))
                .filter(w -> w.pod().getSpec().getContainers().stream().anyMatch(KubernetesManifestsTest::isGateway))
                .toList();
        assertThat(gateways).as("gateway workloads in " + overlay).hasSizeGreaterThanOrEqualTo(2);
        for (Workload w : gateways) {
            Container c = w.pod().getSpec().getContainers().stream().filter(KubernetesManifestsTest::isGateway)
                    .findFirst().orElseThrow();
            String where = overlay + " " + w.name() + "/" + c.getName();
            assertThat(c.getPorts()).as(where + " ports").extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                    .contains(org.assertj.core.groups.Tuple.tuple(management ? "management" : "http", probePort));
            assertHttpProbe(where + " startupProbe", c, c.getStartupProbe(), health + "/started", probePort);
            assertHttpProbe(where + " livenessProbe", c, c.getLivenessProbe(), health + "/live", probePort);
            assertHttpProbe(where + " readinessProbe", c, c.getReadinessProbe(), readiness, probePort);
            Map<String, String> annotations = w.pod().getMetadata().getAnnotations();
            assertThat(annotations).as(where + " scrape annotations")
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", q + "/metrics")
                    .containsEntry("prometheus.io/port", String.valueOf(probePort));
        }
    }

    /**
     * The pods that hold the signing key serve no API: /q/* is on the management interface in the prod build
     * (so never on the public port), the anchorers' API listens on the loopback only and no policy admits anyone
     * to their API port, and the management port of every gateway pod is open to the monitoring namespace only.
     * Only the API Deployment's pods are admitted to the API port.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheApiPodsServeTheApi_andManagementIsForMonitoringOnly(String overlay) throws IOException {
        Properties app = applicationProperties();
        assertThat(app.getProperty("%prod.quarkus.management.enabled")).as("application.properties: the prod build "
                + "serves /q/* (health, metrics, OpenAPI) on the management interface, not the public port").isEqualTo("true");
        assertThat(app.getProperty("quarkus.management.enabled")).as("dev and test keep /q/* on the main port").isNull();
        int httpPort = Integer.parseInt(app.getProperty("quarkus.http.port", "8080"));
        int managementPort = managementPort(app);
        List<HasMetadata> objects = render(overlay);
        List<NetworkPolicy> policies = objects.stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList();
        List<Workload> workloads = workloads(objects);
        Deployment api = named(objects, Deployment.class, "anchor-gateway").orElseThrow();

        // The pods with the signing key first: they are what this test is about.
        for (Workload w : workloads.stream().sorted(java.util.Comparator.comparing(t -> t.object() == api)).toList()) {
            if (w.pod().getSpec().getContainers().stream().noneMatch(KubernetesManifestsTest::isGateway)) {
                continue;
            }
            boolean isApi = w.object() == api;
            String where = overlay + " " + w.name();
            List<Map<String, String>> apiFrom = fromOtherNamespaces(policies, w, httpPort);
            List<String> apiPeers = workloads.stream().filter(from -> admitted(policies, from, w, httpPort))
                    .map(Workload::name).toList();
            if (isApi) {
                assertThat(apiFrom).as(where + ": the API is open to the cluster (ingress controller)").contains(Map.of());
            } else {
                assertThat(apiFrom).as(where + ": namespaces admitted to its API port").isEmpty();
                assertThat(apiPeers).as(where + ": pods admitted to its API port").isEmpty();
                assertThat(env(w.pod(), "QUARKUS_HTTP_HOST")).as(where + ": its API listens on the loopback only")
                        .hasValueSatisfying(host -> assertThat(host).isIn("127.0.0.1", "localhost", "::1"));
                w.pod().getSpec().getContainers().stream().filter(KubernetesManifestsTest::isGateway)
                        .forEach(c -> assertThat(c.getPorts()).as(where + " declares no API port")
                                .noneMatch(p -> p.getContainerPort() == httpPort));
            }
            if (!(w.object() instanceof Job)) {
                assertThat(fromOtherNamespaces(policies, w, managementPort)).as(where + ": who reaches its management port")
                        .containsExactly(Map.of(NAMESPACE_LABEL, "monitoring"));
                assertThat(workloads).as(where + ": pods of this namespace reaching its management port")
                        .noneMatch(from -> admitted(policies, from, w, managementPort));
            }
        }
        // No Service leads to an API port of pods other than the API Deployment's.
        for (Service service : objects.stream().filter(Service.class::isInstance).map(Service.class::cast).toList()) {
            for (Workload target : workloads.stream().filter(t -> t.object() != api)
                    .filter(t -> matches(service.getSpec().getSelector(), t.pod())).toList()) {
                for (Container c : target.pod().getSpec().getContainers().stream().filter(KubernetesManifestsTest::isGateway).toList()) {
                    assertThat(service.getSpec().getPorts()).as(overlay + " Service " + service.getMetadata().getName()
                            + " to " + target.name()).noneMatch(p -> resolvePortOrZero(c, p.getTargetPort()) == httpPort);
                }
            }
        }
    }

    private static int managementPort(Properties app) {
        return Integer.parseInt(app.getProperty("quarkus.management.port", "9000"));
    }

    private static int resolvePortOrZero(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort).orElse(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void besuValidatorsProbeTheRpcPortAndKeepChainDataOnVolumes(String overlay) {
        List<HasMetadata> objects = render(overlay);
        List<StatefulSet> validators = objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .filter(s -> s.getMetadata().getName().startsWith("besu-validator-")).toList();
        assertThat(validators).as("validator StatefulSets in " + overlay).hasSize(4);
        for (StatefulSet s : validators) {
            String name = s.getMetadata().getName();
            assertThat(s.getSpec().getReplicas()).as(name + " replicas").isEqualTo(1);
            Container besu = s.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(besu.getImage()).startsWith(BESU_IMAGE + ":");
            Map<String, String> ports = new LinkedHashMap<>();
            besu.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort() + "/" + p.getProtocol()));
            // The ports besu-network/config/ibft2.toml opens: no WebSocket, no discovery (static nodes only).
            assertThat(ports).as(name + " named ports").containsExactlyInAnyOrderEntriesOf(Map.of(
                    "json-rpc", "8545/TCP", "rlpx", "30303/TCP", "metrics", "9545/TCP"));
            assertHttpProbe(name + " livenessProbe", besu, besu.getLivenessProbe(), "/liveness", BESU_RPC_PORT);
            assertThat(besu.getReadinessProbe().getHttpGet().getPath()).as(name + " readinessProbe path").startsWith("/readiness?minPeers=");
            assertThat(resolvePort(besu, besu.getReadinessProbe().getHttpGet().getPort())).as(name + " readinessProbe port")
                    .isEqualTo(BESU_RPC_PORT);
            if (besu.getStartupProbe() != null) {
                assertThat(resolvePort(besu, besu.getStartupProbe().getHttpGet().getPort())).as(name + " startupProbe port")
                        .isEqualTo(BESU_RPC_PORT);
            }
            assertDataOnClaim(name, s, besu, "/data");
            List<Volume> volumes = s.getSpec().getTemplate().getSpec().getVolumes();
            assertThat(volumes).as(name + " volumes").extracting(v -> v.getSecret() == null ? null : v.getSecret().getSecretName())
                    .contains(name + "-key");
            Service headless = named(objects, Service.class, s.getSpec().getServiceName()).orElseThrow();
            assertThat(headless.getSpec().getClusterIP()).as(name + " Service").isEqualTo("None");
            assertThat(headless.getSpec().getPorts()).extracting(p -> p.getName())
                    .containsExactlyInAnyOrder("json-rpc", "rlpx", "metrics");
        }
        assertThat(named(objects, ConfigMap.class, "besu-genesis")).isPresent()
                .get().satisfies(c -> assertThat(c.getData()).containsKey("genesis.json"));
        assertThat(named(objects, ConfigMap.class, "besu-config")).isPresent()
                .get().satisfies(c -> assertThat(c.getData()).containsKey("config.toml"));
    }

    // ---------------------------------------------------------------- configuration against the app

    @Test
    void knownPropertiesCoverEveryConfigMappingOfTheApp() throws IOException {
        Set<String> mappings = configMappingInterfaces();
        assertThat(mappings).as("@ConfigMapping interfaces in src/main/java")
                .contains("org.docanchor.gateway.chain.ChainConfig", "org.docanchor.gateway.batching.BatchConfig",
                        "org.docanchor.gateway.anchoring.AnchoringConfig");
        assertThat(knownProperties()).contains("anchor.chain.rpc-url", "anchor.chain.public-rpc-url",
                "anchor.chain.registry-address", "anchor.chain.auto-deploy", "anchor.chain.signer.private-key",
                "anchor.chain.consensus", "anchor.chain.confirmations", "anchor.batch.max-delay",
                "anchor.batch.max-size", "anchor.anchoring.enabled", "anchor.http.max-body-size",
                "quarkus.datasource.jdbc.url");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyGatewaySettingIsAPropertyTheAppDefines(String overlay) throws IOException {
        Map<String, String> environment = new TreeMap<>();
        for (String property : knownProperties()) {
            environment.put(environmentName(property), property);
        }
        List<HasMetadata> objects = render(overlay);
        for (Workload w : workloads(objects)) {
            for (Container c : w.pod().getSpec().getContainers()) {
                if (!isGateway(c)) {
                    continue;
                }
                String where = overlay + " " + w.name() + "/" + c.getName();
                for (EnvFromSource from : c.getEnvFrom()) {
                    assertThat(from.getSecretRef()).as(where + " envFrom secretRef (list the keys instead)").isNull();
                    ConfigMap config = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                            .filter(m -> m.getMetadata().getName().equals(from.getConfigMapRef().getName()))
                            .findFirst().orElseThrow(() -> new AssertionError(where + ": no ConfigMap "
                                    + from.getConfigMapRef().getName()));
                    assertThat(config.getData().keySet()).as(where + " keys of " + config.getMetadata().getName()
                            + " must be application properties in environment form").allSatisfy(key ->
                            assertThat(environment).as(key).containsKey(key));
                    assertThat(config.getData()).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "ANCHOR_CHAIN_RPC_URL");
                    String address = config.getData().get("ANCHOR_CHAIN_REGISTRY_ADDRESS");
                    if (address != null) {
                        assertThat(address).as(where + " registry address").matches("0x[0-9a-fA-F]{40}");
                    }
                }
                for (EnvVar env : c.getEnv()) {
                    assertThat(environment.containsKey(env.getName()) || RUN_JAVA_VARIABLES.contains(env.getName()))
                            .as(where + " env " + env.getName() + " is neither an application property nor a "
                                    + "run-java.sh variable").isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheJobHoldsTheSchemaOwnersLogin_andTheGatewaysPodsDoNotMigrate(String overlay) throws IOException {
        for (Workload w : workloads(render(overlay))) {
            for (Container c : w.pod().getSpec().getContainers()) {
                if (!isGateway(c)) {
                    continue;
                }
                String where = overlay + " " + w.name() + "/" + c.getName();
                boolean job = w.name().contains("anchor-registry-deploy");
                boolean owner = c.getEnv().stream().anyMatch(e -> e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null
                        && "anchor-gateway-db-owner".equals(e.getValueFrom().getSecretKeyRef().getName()));
                assertThat(owner).as(where + " holds the schema owner's login").isEqualTo(job);
                if (!job) {
                    assertThat(c.getEnv()).as(where + " migrates at start").anySatisfy(e -> {
                        assertThat(e.getName()).isEqualTo("QUARKUS_FLYWAY_MIGRATE_AT_START");
                        assertThat(e.getValue()).isEqualTo("false");
                    });
                }
            }
        }
    }

    // ---------------------------------------------------------------- secrets, containers, images

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void secretsAreOnlyReferencedNeverCommitted(String overlay) throws IOException {
        List<HasMetadata> objects = render(overlay);
        for (Secret secret : objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList()) {
            assertThat(secret.getData()).as(overlay + " Secret " + secret.getMetadata().getName() + " data").isNullOrEmpty();
            assertThat(secret.getStringData()).as(overlay + " Secret stringData").isNullOrEmpty();
        }
        for (ConfigMap config : objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).toList()) {
            assertThat(config.getData().keySet()).as(overlay + " ConfigMap " + config.getMetadata().getName())
                    .noneMatch(key -> SECRET_NAME.matcher(key.toUpperCase(Locale.ROOT)).matches());
        }
        for (Workload w : workloads(objects)) {
            for (Container c : containers(w.pod().getSpec())) {
                for (EnvVar env : c.getEnv()) {
                    if (SECRET_NAME.matcher(env.getName()).matches()) {
                        assertThat(env.getValue()).as(overlay + " " + w.name() + " " + env.getName() + " literal").isNull();
                        assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName() + " secretKeyRef").isNotNull();
                    }
                }
            }
            Map<String, String> gatewayEnv = new LinkedHashMap<>();
            w.pod().getSpec().getContainers().stream().filter(KubernetesManifestsTest::isGateway)
                    .flatMap(c -> c.getEnv().stream())
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> gatewayEnv.put(e.getName(), e.getValueFrom().getSecretKeyRef().getName()));
            boolean gateway = w.pod().getSpec().getContainers().stream().anyMatch(KubernetesManifestsTest::isGateway);
            if (gateway) {
                assertThat(gatewayEnv).as(overlay + " " + w.name() + " credentials from Secrets").containsKeys(
                        "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");
            }
            // Least privilege: the signing key only where it signs, i.e. pods that anchor and the Job that deploys
            // the registry; the API replicas (anchoring off) and everything else never see it.
            boolean anchors = gateway && !env(w.pod(), "ANCHOR_ANCHORING_ENABLED").equals(Optional.of("false"));
            boolean deploysRegistry = gateway && w.object() instanceof Job
                    && env(w.pod(), "ANCHOR_CHAIN_AUTO_DEPLOY").equals(Optional.of("true"));
            // Keys are files from Secrets, never environment variables.
            assertThat(gatewayEnv).as(overlay + " " + w.name() + " keys in the environment")
                    .doesNotContainKeys("ANCHOR_CHAIN_SIGNER_PRIVATE_KEY", "ANCHOR_CHAIN_ISSUER_ADMIN_PRIVATE_KEY",
                            "ANCHOR_CHAIN_REVOKER_PRIVATE_KEY", "ANCHOR_IDENTITY_BOOTSTRAP_ADMIN_KEY")
                    .doesNotContainValue(SIGNER_SECRET).doesNotContainValue(REVOKER_SECRET);
            if (anchors || deploysRegistry) {
                assertKeyFile(objects, overlay, w, "ANCHOR_CHAIN_SIGNER_KEY_FILE", SIGNER_SECRET);
            }
            if (anchors) {
                // Revocations are signed by a key of their own, mounted as a file; never the anchoring key's Secret.
                assertKeyFile(objects, overlay, w, "ANCHOR_CHAIN_REVOKER_KEY_FILE", REVOKER_SECRET);
                assertThat(env(w.pod(), "ANCHOR_CHAIN_ALLOW_SHARED_REVOKER")).as(overlay + " " + w.name()
                        + " shares no key between anchoring and revocation").isNotEqualTo(Optional.of("true"));
            }
            if (!anchors && !deploysRegistry) {
                assertThat(secretsReferenced(w.pod())).as(overlay + " " + w.name() + " must not see the signing key")
                        .doesNotContain(SIGNER_SECRET);
            }
        }
        Deployment api = named(objects, Deployment.class, "anchor-gateway").orElseThrow();
        assertThat(secretsReferenced(api.getSpec().getTemplate())).as(overlay + " API pods reference no signing key")
                .doesNotContain(SIGNER_SECRET, REVOKER_SECRET);
        assertThat(workloads(objects)).as(overlay + " pods given the revocation key")
                .filteredOn(w -> secretsReferenced(w.pod()).contains(REVOKER_SECRET))
                .extracting(Workload::name)
                .containsExactly("StatefulSet anchor-anchorer");
        assertThat(workloads(objects)).as(overlay + " pods given the signing key")
                .filteredOn(w -> secretsReferenced(w.pod()).contains(SIGNER_SECRET))
                .extracting(Workload::name)
                .isNotEmpty()
                .allMatch(name -> name.equals("StatefulSet anchor-anchorer") || name.equals("Job anchor-registry-deploy"));
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertThat(Files.readString(file)).as(K8S.relativize(file) + " commits no Secret object")
                        .doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$");
            }
        }
    }

    /** The gateway container of {@code w} reads the key file named by {@code variable} from {@code secret}. */
    private static void assertKeyFile(List<HasMetadata> objects, String overlay, Workload w, String variable,
            String secret) {
        Container c = w.pod().getSpec().getContainers().stream().filter(KubernetesManifestsTest::isGateway)
                .findFirst().orElseThrow();
        String keyFile = env(w.pod(), variable).orElseThrow(() -> new AssertionError(
                overlay + " " + w.name() + ": no " + variable));
        assertThat(mountedFiles(objects, w.pod().getSpec(), c)).as(overlay + " " + w.name() + " " + variable)
                .containsEntry(keyFile, "secret " + secret + "/private-key");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyContainerIsLockedDownAndSized(String overlay) {
        for (Workload w : workloads(render(overlay))) {
            PodSpec pod = w.pod().getSpec();
            PodSecurityContext podSecurity = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
            assertThat(pod.getAutomountServiceAccountToken()).as(overlay + " " + w.name() + " automount token").isFalse();
            for (Container c : containers(pod)) {
                String where = overlay + " " + w.name() + "/" + c.getName();
                assertThat(c.getResources()).as(where + " resources").isNotNull();
                assertThat(c.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(where + " limits").containsKeys("cpu", "memory");
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as(where + " securityContext").isNotNull();
                assertThat(firstNonNull(sc.getRunAsNonRoot(), podSecurity.getRunAsNonRoot())).as(where + " runAsNonRoot").isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(where + " allowPrivilegeEscalation").isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).as(where + " readOnlyRootFilesystem").isTrue();
                assertThat(sc.getCapabilities().getDrop()).as(where + " capabilities.drop").contains("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(where + " capabilities.add").isNullOrEmpty();
                var seccomp = firstNonNull(sc.getSeccompProfile(), podSecurity.getSeccompProfile());
                assertThat(seccomp).as(where + " seccompProfile").isNotNull();
                assertThat(seccomp.getType()).as(where + " seccompProfile").isEqualTo("RuntimeDefault");
                if (isGateway(c)) {
                    assertThat(firstNonNull(sc.getRunAsUser(), podSecurity.getRunAsUser())).as(where + " runAsUser")
                            .isEqualTo(185L);
                    VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                            .findFirst().orElseThrow(() -> new AssertionError(where + ": no volume at /tmp"));
                    assertThat(pod.getVolumes()).as(where + " /tmp is an emptyDir")
                            .anySatisfy(v -> {
                                assertThat(v.getName()).isEqualTo(tmp.getName());
                                assertThat(v.getEmptyDir()).isNotNull();
                            });
                }
                boolean longRunning = !(w.object() instanceof Job) && pod.getContainers().contains(c);
                if (longRunning) {
                    assertThat(c.getLivenessProbe()).as(where + " livenessProbe").isNotNull();
                    assertThat(c.getReadinessProbe()).as(where + " readinessProbe").isNotNull();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesArePinnedAndTheGatewayImageIsSetByTheOverlay(String overlay) {
        Set<String> gatewayImages = new TreeSet<>();
        for (Workload w : workloads(render(overlay))) {
            for (Container c : containers(w.pod().getSpec())) {
                String image = c.getImage();
                String last = image.substring(image.lastIndexOf('/') + 1);
                assertThat(last.contains(":") || image.contains("@sha256:")).as(overlay + " " + image + " has a tag").isTrue();
                assertThat(image).as(overlay + " " + w.name()).doesNotEndWith(":latest");
                if (isGateway(c)) {
                    gatewayImages.add(image);
                }
            }
        }
        assertThat(gatewayImages).as(overlay + ": one gateway image, named by the overlay's images:").hasSize(1)
                .allSatisfy(image -> assertThat(image).isNotEqualTo(GATEWAY_IMAGE).contains("/"));
    }

    // ---------------------------------------------------------------- topology

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void gatewayTopologyAndRegistryDeployment(String overlay) {
        List<HasMetadata> objects = render(overlay);
        boolean bootstrap = overlay.endsWith("-bootstrap");
        Deployment api = named(objects, Deployment.class, "anchor-gateway").orElseThrow();
        StatefulSet anchorer = named(objects, StatefulSet.class, "anchor-anchorer").orElseThrow();
        HorizontalPodAutoscaler hpa = named(objects, HorizontalPodAutoscaler.class, "anchor-gateway").orElseThrow();
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("anchor-gateway");
        assertThat(hpa.getSpec().getMinReplicas()).as(overlay + " HPA minReplicas").isGreaterThanOrEqualTo(2);
        if (bootstrap) {
            assertThat(api.getSpec().getReplicas()).as(overlay + " gateway stays down until prod").isZero();
            assertThat(anchorer.getSpec().getReplicas()).isZero();
        } else {
            assertThat(api.getSpec().getReplicas()).as(overlay + " API replicas").isGreaterThanOrEqualTo(2);
            // One anchors at a time (the lease); in prod a second one is the hot standby.
            assertThat(anchorer.getSpec().getReplicas()).as(overlay + " anchorer replicas").isGreaterThanOrEqualTo(1);
            if (overlay.startsWith("prod")) {
                assertThat(anchorer.getSpec().getReplicas()).as(overlay + " anchorer and its standby").isEqualTo(2);
                PodDisruptionBudget budget = named(objects, PodDisruptionBudget.class, "anchor-anchorer").orElseThrow();
                assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as(overlay + " anchorer PDB maxUnavailable")
                        .isEqualTo(1);
            }
        }
        assertThat(env(api.getSpec().getTemplate(), "ANCHOR_ANCHORING_ENABLED")).as("API replicas never anchor")
                .contains("false");
        assertThat(env(anchorer.getSpec().getTemplate(), "ANCHOR_ANCHORING_ENABLED")).isNotEqualTo(Optional.of("false"));

        // Every Service and PodDisruptionBudget selects pods that exist, and no Service sends traffic to a Job.
        List<Workload> workloads = workloads(objects);
        for (HasMetadata o : objects) {
            Map<String, String> selector = o instanceof Service s ? s.getSpec().getSelector()
                    : o instanceof PodDisruptionBudget p ? p.getSpec().getSelector().getMatchLabels() : null;
            if (selector == null) {
                continue;
            }
            List<Workload> selected = workloads.stream().filter(w -> matches(selector, w.pod())).toList();
            assertThat(selected).as(overlay + " " + o.getKind() + " " + o.getMetadata().getName() + " selects pods")
                    .isNotEmpty();
            if (o instanceof Service) {
                assertThat(selected).as(overlay + " Service " + o.getMetadata().getName())
                        .noneMatch(w -> w.object() instanceof Job);
            }
        }

        ConfigMap config = named(objects, ConfigMap.class, "anchor-gateway-config").orElseThrow();
        boolean autoDeploy = "true".equals(config.getData().get("ANCHOR_CHAIN_AUTO_DEPLOY"));
        Optional<Job> job = named(objects, Job.class, "anchor-registry-deploy");
        if (job.isPresent()) {
            PodTemplateSpec pod = job.get().getSpec().getTemplate();
            assertThat(env(pod, "ANCHOR_CHAIN_AUTO_DEPLOY")).contains("true");
            assertThat(env(pod, "ANCHOR_ANCHORING_ENABLED")).contains("false");
        }
        if (autoDeploy) {
            // Replicas that read the recorded registry must not race the Job and deploy registries of their own.
            assertThat(job).as(overlay + ": auto-deploy needs the registry deploy Job").isPresent();
            for (PodTemplateSpec pod : List.of(api.getSpec().getTemplate(), anchorer.getSpec().getTemplate())) {
                assertThat(pod.getSpec().getInitContainers()).as(overlay + " waits for the recorded registry")
                        .extracting(Container::getName).contains("wait-for-registry");
            }
        } else {
            assertThat(overlay).as("only dev deploys registries from the gateway replicas").doesNotStartWith("dev");
        }
        Optional<StatefulSet> postgres = named(objects, StatefulSet.class, "postgres");
        if (overlay.startsWith("prod")) {
            assertThat(postgres).as(overlay + " uses an external database").isEmpty();
            assertThat(autoDeploy).as(overlay + " sets the registry address explicitly").isFalse();
        } else {
            Container container = postgres.orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0);
            assertDataOnClaim("postgres", postgres.get(), container, "/var/lib/postgresql");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void networkPoliciesDenyByDefaultAndOpenOnlyTheNeededPorts(String overlay) {
        List<HasMetadata> objects = render(overlay);
        List<NetworkPolicy> policies = objects.stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList();
        assertThat(policies).as(overlay + " default deny").anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            assertThat(p.getSpec().getEgress()).isNullOrEmpty();
        });
        for (Workload w : workloads(objects)) {
            List<NetworkPolicy> applying = policies.stream()
                    .filter(p -> matches(p.getSpec().getPodSelector().getMatchLabels(), w.pod())).toList();
            boolean gateway = w.pod().getSpec().getContainers().stream().anyMatch(KubernetesManifestsTest::isGateway);
            boolean besu = w.pod().getSpec().getContainers().stream().anyMatch(c -> c.getImage().startsWith(BESU_IMAGE));
            if (gateway) {
                Set<Integer> egress = new TreeSet<>();
                applying.stream().flatMap(p -> Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).stream())
                        .forEach(rule -> {
                            assertThat(rule.getPorts()).as(overlay + " " + w.name() + " egress to any port").isNotEmpty();
                            rule.getPorts().forEach(port -> egress.add(port.getPort().getIntVal()));
                        });
                // The API pods deliver webhooks (HTTPS); the anchorers and the Job do not.
                boolean api = "api".equals(w.pod().getMetadata().getLabels().get("app.kubernetes.io/component"));
                if (api) {
                    assertThat(egress).as(overlay + " " + w.name() + " egress ports")
                            .containsExactlyInAnyOrder(53, 443, 5432, 8545);
                    assertThat(applying).as(overlay + " " + w.name() + " webhooks never reach private blocks")
                            .filteredOn(p -> p.getSpec().getEgress() != null && p.getSpec().getEgress().stream()
                                    .anyMatch(r -> r.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 443)))
                            .singleElement().satisfies(p -> assertThat(p.getSpec().getEgress().get(0).getTo())
                                    .allSatisfy(peer -> assertThat(peer.getIpBlock().getExcept())
                                            .containsAnyOf("10.0.0.0/8", "fc00::/7")));
                } else {
                    assertThat(egress).as(overlay + " " + w.name() + " egress ports")
                            .containsExactlyInAnyOrder(53, 5432, 8545);
                }
            }
            if (besu) {
                boolean validator = "validator".equals(w.pod().getMetadata().getLabels().get("app.kubernetes.io/component"));
                for (NetworkPolicy p : applying) {
                    for (var rule : Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of())) {
                        Set<Integer> ports = new TreeSet<>();
                        rule.getPorts().stream().map(NetworkPolicyPort::getPort).forEach(port -> ports.add(port.getIntVal()));
                        List<NetworkPolicyPeer> from = rule.getFrom();
                        String where = overlay + " " + w.name() + " ingress to " + ports;
                        assertThat(from).as(where + " from anywhere").isNotEmpty();
                        assertThat(from).as(where + " from an address block").allMatch(peer -> peer.getIpBlock() == null);
                        if (ports.contains(BESU_RPC_PORT) && validator) {
                            // Nothing public: only pods in this namespace that sign transactions.
                            assertThat(from).as(where).allSatisfy(peer -> {
                                assertThat(peer.getNamespaceSelector()).isNull();
                                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry(SIGNER_LABEL, "true");
                            });
                        } else if (ports.contains(BESU_RPC_PORT)) {
                            // The public RPC node: the ingress controller's namespace, or the gateway's pods.
                            assertThat(from).as(where).allSatisfy(peer -> {
                                if (peer.getNamespaceSelector() != null) {
                                    assertThat(peer.getNamespaceSelector().getMatchLabels())
                                            .containsExactly(Map.entry(NAMESPACE_LABEL, INGRESS_NAMESPACE));
                                    assertThat(peer.getPodSelector()).isNull();
                                } else {
                                    assertThat(peer.getPodSelector().getMatchLabels())
                                            .containsEntry("docanchor.org/chain-client", "true");
                                }
                            });
                        } else if (ports.contains(30303)) {
                            assertThat(validator).as(where + ": only validators accept p2p connections").isTrue();
                            assertThat(from).allSatisfy(peer -> {
                                assertThat(peer.getNamespaceSelector()).isNull();
                                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "besu");
                            });
                        } else {
                            assertThat(ports).containsExactly(9545);
                            assertThat(from).allSatisfy(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                                    .containsEntry(NAMESPACE_LABEL, "monitoring"));
                        }
                    }
                }
            }
        }
        // Every gateway pod reads the chain (label chain-client); exactly the pods with the signing key send to it.
        for (Workload w : workloads(objects)) {
            if (w.pod().getSpec().getContainers().stream().anyMatch(KubernetesManifestsTest::isGateway)) {
                assertThat(w.pod().getMetadata().getLabels()).as(overlay + " " + w.name())
                        .containsEntry("docanchor.org/chain-client", "true");
            }
            assertThat("true".equals(w.pod().getMetadata().getLabels().get(SIGNER_LABEL)))
                    .as(overlay + " " + w.name() + " carries " + SIGNER_LABEL + " exactly when it has the signing key")
                    .isEqualTo(secretsReferenced(w.pod()).contains(SIGNER_SECRET));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheSignersReachTheValidatorsRpc_andThePublicIngressReachesBesuRpc(String overlay) {
        List<HasMetadata> objects = render(overlay);
        List<NetworkPolicy> policies = objects.stream().filter(NetworkPolicy.class::isInstance)
                .map(NetworkPolicy.class::cast).toList();
        List<Workload> workloads = workloads(objects);
        List<Workload> validators = workloads.stream().filter(w -> w.name().startsWith("StatefulSet besu-validator-")).toList();
        Workload rpcNode = workloads.stream().filter(w -> w.name().equals("StatefulSet besu-rpc")).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no StatefulSet besu-rpc"));
        assertThat(validators).hasSize(4);

        for (Workload validator : validators) {
            assertThat(workloads).as(overlay + ": who reaches " + validator.name() + ":" + BESU_RPC_PORT)
                    .filteredOn(w -> admitted(policies, w, validator, BESU_RPC_PORT)).extracting(Workload::name)
                    .isNotEmpty()
                    .allMatch(name -> name.equals("StatefulSet anchor-anchorer") || name.equals("Job anchor-registry-deploy"));
            assertThat(fromOtherNamespaces(policies, validator, BESU_RPC_PORT))
                    .as(overlay + ": other namespaces reaching " + validator.name() + ":" + BESU_RPC_PORT).isEmpty();
            assertThat(admitted(policies, rpcNode, validator, 30303)).as(overlay + ": besu-rpc dials " + validator.name())
                    .isTrue();
            assertThat(admitted(policies, validator, rpcNode, 30303)).as(overlay + ": validators never dial besu-rpc")
                    .isFalse();
        }
        assertThat(fromOtherNamespaces(policies, rpcNode, BESU_RPC_PORT)).as(overlay + ": namespaces reaching besu-rpc")
                .containsExactly(Map.of(NAMESPACE_LABEL, INGRESS_NAMESPACE));
        assertThat(workloads).as(overlay + ": pods of this namespace reaching besu-rpc:" + BESU_RPC_PORT)
                .filteredOn(w -> admitted(policies, w, rpcNode, BESU_RPC_PORT)).isNotEmpty()
                .allMatch(w -> w.pod().getSpec().getContainers().stream().allMatch(KubernetesManifestsTest::isGateway));

        // Each gateway pod's rpc-url leads to pods that admit it: the API replicas to besu-rpc, signers to validators.
        ConfigMap config = named(objects, ConfigMap.class, "anchor-gateway-config").orElseThrow();
        for (Workload w : workloads) {
            if (w.pod().getSpec().getContainers().stream().noneMatch(KubernetesManifestsTest::isGateway)) {
                continue;
            }
            String url = env(w.pod(), "ANCHOR_CHAIN_RPC_URL").orElse(config.getData().get("ANCHOR_CHAIN_RPC_URL"));
            URI uri = URI.create(url);
            Service service = named(objects, Service.class, uri.getHost())
                    .orElseThrow(() -> new AssertionError(overlay + " " + w.name() + ": no Service " + uri.getHost()));
            var port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == uri.getPort()).findFirst()
                    .orElseThrow(() -> new AssertionError(url + ": Service has no port " + uri.getPort()));
            List<Workload> targets = workloads.stream().filter(t -> matches(service.getSpec().getSelector(), t.pod())).toList();
            assertThat(targets).as(overlay + " " + w.name() + " " + url).isNotEmpty();
            for (Workload target : targets) {
                Container c = target.pod().getSpec().getContainers().get(0);
                int containerPort = resolvePort(c, port.getTargetPort());
                assertThat(admitted(policies, w, target, containerPort))
                        .as(overlay + " " + w.name() + " reaches " + url + " (" + target.name() + ")").isTrue();
            }
            boolean signs = secretsReferenced(w.pod()).contains(SIGNER_SECRET);
            assertThat(targets).as(overlay + " " + w.name() + " " + url + (signs ? ": a signer sends to validators"
                            : ": a reader reads from besu-rpc"))
                    .allMatch(t -> signs == validators.contains(t));
        }
    }

    // ---------------------------------------------------------------- the public RPC node

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void besuRpcNodeRunsTheNetworksRpcNodeConfiguration(String overlay) throws IOException {
        List<HasMetadata> objects = render(overlay);
        StatefulSet s = named(objects, StatefulSet.class, "besu-rpc").orElseThrow();
        PodSpec pod = s.getSpec().getTemplate().getSpec();
        Container besu = pod.getContainers().get(0);
        ConfigMap rpcConfig = named(objects, ConfigMap.class, "besu-rpc-config").orElseThrow();

        // One source of truth: Kustomize can only read files below k8s/, so these are copies, and must stay so.
        assertThat(rpcConfig.getData().get("config.toml")).as("k8s/base/besu/rpc-node.toml")
                .isEqualTo(Files.readString(ROOT.resolve(RPC_NODE_CONFIG)));
        assertThat(rpcConfig.getData().get("rpc-node-accounts.toml")).as("k8s/base/besu/rpc-node-accounts.toml")
                .isEqualTo(Files.readString(ROOT.resolve(RPC_NODE_ACCOUNTS)));
        JsonNode toml = TOML.readTree(rpcConfig.getData().get("config.toml"));

        assertThat(besu.getImage()).as("besu-rpc runs the validators' Besu").isEqualTo(
                named(objects, StatefulSet.class, "besu-validator-1").orElseThrow().getSpec().getTemplate().getSpec()
                        .getContainers().get(0).getImage());
        assertThat(besu.getArgs()).as("besu-rpc: everything from the file").hasSize(1);
        Map<String, String> ports = new LinkedHashMap<>();
        besu.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort() + "/" + p.getProtocol()));
        assertThat(ports).as("besu-rpc named ports are the file's ports").containsExactlyInAnyOrderEntriesOf(Map.of(
                "json-rpc", toml.get("rpc-http-port").asInt() + "/TCP", "rlpx", toml.get("p2p-port").asInt() + "/TCP",
                "metrics", toml.get("metrics-port").asInt() + "/TCP"));
        int rpcPort = toml.get("rpc-http-port").asInt();
        assertThat(rpcPort).isEqualTo(BESU_RPC_PORT);

        // Probes on Besu's health endpoints, with a Host that the node's host allowlist accepts.
        Map<String, String> env = environment(objects, besu);
        List<String> hosts = env.containsKey(BesuNetworkConfigTest.besuEnvironmentName("host-allowlist"))
                ? List.of(env.get(BesuNetworkConfigTest.besuEnvironmentName("host-allowlist")).split("\\s*,\\s*"))
                : strings(toml.get("host-allowlist"));
        assertThat(hosts).as("besu-rpc host allowlist").doesNotContain("*", "all");
        assertHttpProbe("besu-rpc livenessProbe", besu, besu.getLivenessProbe(), "/liveness", rpcPort);
        assertHttpProbe("besu-rpc startupProbe", besu, besu.getStartupProbe(), "/liveness", rpcPort);
        assertThat(besu.getReadinessProbe().getHttpGet().getPath()).startsWith("/readiness?minPeers=");
        assertThat(resolvePort(besu, besu.getReadinessProbe().getHttpGet().getPort())).isEqualTo(rpcPort);
        for (Probe probe : List.of(besu.getLivenessProbe(), besu.getReadinessProbe(), besu.getStartupProbe())) {
            String host = probe.getHttpGet().getHttpHeaders().stream().filter(h -> h.getName().equalsIgnoreCase("Host"))
                    .map(h -> h.getValue()).findFirst().orElse(POD_IP);
            assertThat(hosts).as("besu-rpc probe " + probe.getHttpGet().getPath() + " sends Host " + host).contains(host);
        }
        Map<String, String> annotations = s.getSpec().getTemplate().getMetadata().getAnnotations();
        if ("true".equals(annotations.get("prometheus.io/scrape"))) {
            assertThat(annotations.get("prometheus.io/port")).isEqualTo(toml.get("metrics-port").asText());
            assertThat(hosts).as("Prometheus scrapes by pod IP").contains(POD_IP);
        }

        // Every BESU_ variable overrides an option the file sets (Besu ignores a misspelt one silently).
        Set<String> overridable = new TreeSet<>();
        toml.fieldNames().forEachRemaining(key -> overridable.add(BesuNetworkConfigTest.besuEnvironmentName(key)));
        assertThat(env.keySet()).filteredOn(name -> name.startsWith("BESU_") && !name.equals("BESU_OPTS"))
                .as("besu-rpc BESU_ variables").isNotEmpty().allMatch(overridable::contains);
        String cors = env.getOrDefault(BesuNetworkConfigTest.besuEnvironmentName("rpc-http-cors-origins"), "");
        assertThat(cors).as(overlay + " besu-rpc CORS origins").isNotBlank();
        for (String origin : cors.split("\\s*,\\s*")) {
            BesuNetworkConfigTest.assertCorsOrigin(origin, overlay.startsWith("prod"));
        }

        // The URL verifiers are given is this node, by a name it accepts.
        ConfigMap gateway = named(objects, ConfigMap.class, "anchor-gateway-config").orElseThrow();
        String publicUrl = gateway.getData().get("ANCHOR_CHAIN_PUBLIC_RPC_URL");
        assertThat(publicUrl).as(overlay + " ANCHOR_CHAIN_PUBLIC_RPC_URL").isNotBlank()
                .isNotEqualTo(gateway.getData().get("ANCHOR_CHAIN_RPC_URL"));
        assertThat(hosts).as(overlay + " besu-rpc accepts the public URL's host").contains(URI.create(publicUrl).getHost());
        if (overlay.startsWith("prod")) {
            assertThat(publicUrl).as(overlay + " public RPC URL").startsWith("https://").doesNotContain(".svc");
        }

        // Every file the configuration names is where it says: chain data on a claim, the rest mounted.
        assertDataOnClaim("besu-rpc", s, besu, toml.get("data-path").asText());
        Map<String, String> files = mountedFiles(objects, pod, besu);
        assertThat(besu.getArgs().get(0)).startsWith("--config-file=");
        assertThat(files.get(besu.getArgs().get(0).substring("--config-file=".length())))
                .isEqualTo(rpcConfig.getMetadata().getName() + "/config.toml");
        for (String key : List.of("genesis-file", "static-nodes-file", "permissions-nodes-config-file",
                "permissions-accounts-config-file")) {
            assertThat(files).as("besu-rpc mounts " + key + " " + toml.get(key).asText())
                    .containsKey(toml.get(key).asText());
        }
        assertThat(files.get(toml.get("genesis-file").asText())).startsWith("besu-genesis");
        assertThat(files.get(toml.get("static-nodes-file").asText())).startsWith("besu-config")
                .endsWith("/static-nodes.json");
        assertThat(files.get(toml.get("permissions-accounts-config-file").asText()))
                .isEqualTo(rpcConfig.getMetadata().getName() + "/rpc-node-accounts.toml");
        assertThat(files.get(toml.get("node-private-key-file").asText())).as("besu-rpc node key")
                .isEqualTo("secret besu-rpc-key/key");

        // Its Services: ready pods only on 8545 for clients, every pod by name for the validators.
        Service service = named(objects, Service.class, "besu-rpc").orElseThrow();
        assertThat(service.getSpec().getClusterIP()).isNotEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isNotEqualTo(Boolean.TRUE);
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("json-rpc");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "rpc");
        Service headless = named(objects, Service.class, s.getSpec().getServiceName()).orElseThrow();
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).as("peers find it before it is ready").isTrue();
    }



    // ---------------------------------------------------------------- the first admin and the trusted roots

    /**
     * A production installation can get its first admin and its trusted roots: the API pods read the bootstrap
     * admin key from a file of the optional Secret anchor-gateway-bootstrap-admin, and the trusted roots from a
     * file of the optional ConfigMap anchor-gateway-trusted-roots, each a property the app reads; and both
     * lists of what to create outside git (k8s/README.md, docs/operations.md) name them.
     */
    /**
     * Wherever the time-stamping authority is on (the pod's variable, else anchor-gateway-config's), the gateway
     * container has its key and certificate as files from Secret anchor-gateway-tsa and a policy; only the API pods
     * have it on; and the prod overlay has it on.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void podsWithTheTsaOnGetItsKeyCertificateAndPolicy_andOnlyTheApiPodsHaveItOn(String overlay) {
        List<HasMetadata> objects = render(overlay);
        ConfigMap config = named(objects, ConfigMap.class, "anchor-gateway-config").orElseThrow();
        List<String> on = new ArrayList<>();
        for (Workload w : workloads(objects)) {
            if (w.pod().getSpec().getContainers().stream().noneMatch(KubernetesManifestsTest::isGateway)) {
                continue;
            }
            boolean enabled = Boolean.parseBoolean(env(w.pod(), "ANCHOR_TSA_ENABLED")
                    .orElse(config.getData().getOrDefault("ANCHOR_TSA_ENABLED", "true")));
            if (!enabled) {
                continue;
            }
            on.add(w.name());
            Container c = w.pod().getSpec().getContainers().stream().filter(KubernetesManifestsTest::isGateway)
                    .findFirst().orElseThrow();
            Map<String, String> files = mountedFiles(objects, w.pod().getSpec(), c);
            assertThat(files).as(overlay + " " + w.name() + " TSA key")
                    .containsEntry(env(w.pod(), "ANCHOR_TSA_KEY_FILE").orElse("(none)"), "secret anchor-gateway-tsa/tsa.key");
            assertThat(files).as(overlay + " " + w.name() + " TSA certificate").containsEntry(
                    env(w.pod(), "ANCHOR_TSA_CERTIFICATE_FILE").orElse("(none)"), "secret anchor-gateway-tsa/tsa.pem");
            assertThat(env(w.pod(), "ANCHOR_TSA_POLICY").or(() -> Optional.ofNullable(config.getData()
                    .get("ANCHOR_TSA_POLICY")))).as(overlay + " " + w.name() + " TSA policy")
                    .hasValueSatisfying(oid -> assertThat(oid).matches("[0-2](\\.[0-9]+)+"));
        }
        assertThat(on).as(overlay + ": pods with the TSA on").allMatch(name -> name.equals("Deployment anchor-gateway"));
        if (overlay.startsWith("prod")) {
            assertThat(on).as(overlay + ": the TSA is on for the API pods").containsExactly("Deployment anchor-gateway");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void apiPodsGetTheBootstrapAdminKeyAndTheTrustedRootsAsFiles(String overlay) throws IOException {
        Set<String> known = knownProperties();
        assertThat(known).as("properties the app reads").contains(BOOTSTRAP_KEY_FILE_PROPERTY, TRUSTED_ROOTS_PROPERTY);
        List<HasMetadata> objects = render(overlay);
        Deployment api = named(objects, Deployment.class, "anchor-gateway").orElseThrow();
        PodTemplateSpec pod = api.getSpec().getTemplate();
        Container gateway = pod.getSpec().getContainers().stream().filter(KubernetesManifestsTest::isGateway)
                .findFirst().orElseThrow();
        Map<String, String> files = mountedFiles(objects, pod.getSpec(), gateway);

        String keyFile = env(pod, environmentName(BOOTSTRAP_KEY_FILE_PROPERTY)).orElseThrow(() -> new AssertionError(
                overlay + ": the API pods get no " + environmentName(BOOTSTRAP_KEY_FILE_PROPERTY)));
        assertThat(files).as(overlay + " bootstrap admin key file").containsEntry(keyFile, "secret " + BOOTSTRAP_SECRET + "/admin-key");
        String rootsFile = env(pod, environmentName(TRUSTED_ROOTS_PROPERTY)).orElseThrow(() -> new AssertionError(
                overlay + ": the API pods get no " + environmentName(TRUSTED_ROOTS_PROPERTY)));
        assertThat(files).as(overlay + " trusted roots file").containsEntry(rootsFile,
                "configMap " + TRUSTED_ROOTS_CONFIG_MAP + "/trusted-roots.pem");
        // Both optional: an installation without them (after the first admin exists; no certificates) still starts.
        assertThat(pod.getSpec().getVolumes()).as(overlay + " optional sources")
                .anySatisfy(v -> {
                    assertThat(v.getSecret()).isNotNull();
                    assertThat(v.getSecret().getSecretName()).isEqualTo(BOOTSTRAP_SECRET);
                    assertThat(v.getSecret().getOptional()).isTrue();
                })
                .anySatisfy(v -> {
                    assertThat(v.getConfigMap()).isNotNull();
                    assertThat(v.getConfigMap().getName()).isEqualTo(TRUSTED_ROOTS_CONFIG_MAP);
                    assertThat(v.getConfigMap().getOptional()).isTrue();
                });
        assertThat(objects).as(overlay + ": created outside git").noneMatch(o -> o.getMetadata().getName()
                .startsWith(TRUSTED_ROOTS_CONFIG_MAP) || o.getMetadata().getName().startsWith(BOOTSTRAP_SECRET));

        // Every Secret a rendered pod reads, and the roots ConfigMap, are in both lists of what to create.
        Set<String> created = new TreeSet<>();
        for (Workload w : workloads(objects)) {
            created.addAll(secretsReferenced(w.pod()));
        }
        created.add(TRUSTED_ROOTS_CONFIG_MAP);
        String readme = Files.readString(K8S.resolve("README.md"));
        String operations = Files.readString(ROOT.resolve("docs/operations.md"));
        for (String name : created) {
            String pattern = name.replaceFirst("^besu-validator-\\d-key$", "besu-validator-\\$n-key");
            assertThat(readme).as("k8s/README.md creates " + name).contains(name.equals(TRUSTED_ROOTS_CONFIG_MAP)
                    ? "create configmap " + name : "create secret generic " + pattern);
            if (name.startsWith("anchor-gateway")) {
                assertThat(operations).as("docs/operations.md lists " + name).contains("`" + name + "`");
            }
        }
    }

    // ---------------------------------------------------------------- the Besu network: one source of truth

    /**
     * The validators run besu-network/'s files, unchanged: kustomize reads only files under k8s/, so
     * k8s/base/besu/ holds copies, and the rendered ConfigMaps must be exactly besu-network/'s files (for the
     * consensus the gateway is configured for). Every file the configuration names is mounted where it says, the
     * permissioning allowlists included, and the node key is the validator's own Secret.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void besuValidatorsRunBesuNetworksFilesAtThePathsTheyName(String overlay) throws IOException {
        List<HasMetadata> objects = render(overlay);
        String consensus = named(objects, ConfigMap.class, "anchor-gateway-config").orElseThrow().getData()
                .get("ANCHOR_CHAIN_CONSENSUS");
        assertThat(consensus).as(overlay + " ANCHOR_CHAIN_CONSENSUS").isIn("ibft2", "qbft");
        ConfigMap config = named(objects, ConfigMap.class, "besu-config").orElseThrow();
        ConfigMap genesis = named(objects, ConfigMap.class, "besu-genesis").orElseThrow();
        assertThat(config.getData().get("config.toml")).as(overlay + " besu-config/config.toml is besu-network/"
                + BESU_NETWORK.resolve("config/" + consensus + ".toml"))
                .isEqualTo(Files.readString(ROOT.resolve(BESU_NETWORK).resolve("config/" + consensus + ".toml")));
        assertThat(config.getData().get("static-nodes.json")).as(overlay + " besu-config/static-nodes.json")
                .isEqualTo(Files.readString(ROOT.resolve(BESU_NETWORK).resolve("static-nodes.json")));
        assertThat(config.getData().get("permissions_config.toml")).as(overlay + " besu-config/permissions_config.toml")
                .isEqualTo(Files.readString(ROOT.resolve(BESU_NETWORK).resolve("permissions_config.toml")));
        assertThat(genesis.getData().get("genesis.json")).as(overlay + " besu-genesis/genesis.json")
                .isEqualTo(Files.readString(ROOT.resolve(BESU_NETWORK).resolve(consensus + "/genesis.json")));

        List<StatefulSet> validators = validators(objects);
        assertThat(validators).hasSize(4);
        for (StatefulSet s : validators) {
            String name = overlay + " " + s.getMetadata().getName();
            PodSpec pod = s.getSpec().getTemplate().getSpec();
            Container besu = pod.getContainers().get(0);
            assertThat(besu.getArgs()).as(name + ": every setting from the file").hasSize(1);
            Map<String, String> files = mountedFiles(objects, pod, besu);
            String configFile = besu.getArgs().get(0).replaceFirst("^--config-file=", "");
            assertThat(files.get(configFile)).as(name + " --config-file").isEqualTo(config.getMetadata().getName() + "/config.toml");
            JsonNode toml = TOML.readTree(config.getData().get("config.toml"));

            assertThat(toml.path("permissions-accounts-config-file-enabled").asBoolean()).as(name + " accounts allowlist on").isTrue();
            assertThat(toml.path("permissions-nodes-config-file-enabled").asBoolean()).as(name + " nodes allowlist on").isTrue();
            assertThat(files).as(name + " mounts every file config.toml names").containsEntry(
                    toml.get("genesis-file").asText(), genesis.getMetadata().getName() + "/genesis.json")
                    .containsEntry(toml.get("static-nodes-file").asText(), config.getMetadata().getName() + "/static-nodes.json")
                    .containsEntry(toml.get("permissions-accounts-config-file").asText(),
                            config.getMetadata().getName() + "/permissions_config.toml")
                    .containsEntry(toml.get("permissions-nodes-config-file").asText(),
                            config.getMetadata().getName() + "/permissions_config.toml")
                    .containsEntry(toml.get("node-private-key-file").asText(), "secret " + s.getMetadata().getName() + "-key/key");
            assertDataOnClaim(name, s, besu, toml.get("data-path").asText());

            Map<String, String> ports = new LinkedHashMap<>();
            besu.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort() + "/" + p.getProtocol()));
            assertThat(ports).as(name + " ports are the file's").containsExactlyInAnyOrderEntriesOf(Map.of(
                    "json-rpc", toml.get("rpc-http-port").asInt() + "/TCP", "rlpx", toml.get("p2p-port").asInt() + "/TCP",
                    "metrics", toml.get("metrics-port").asInt() + "/TCP"));

            // The Host headers it will see are accepted: the kubelet's probes and Prometheus by pod IP, the signers
            // by the name in their ANCHOR_CHAIN_RPC_URL.
            Map<String, String> env = environment(objects, besu);
            Set<String> overridable = new TreeSet<>();
            toml.fieldNames().forEachRemaining(key -> overridable.add(BesuNetworkConfigTest.besuEnvironmentName(key)));
            assertThat(env.keySet()).filteredOn(n -> n.startsWith("BESU_") && !n.equals("BESU_OPTS"))
                    .as(name + " BESU_ variables override options of the file").allMatch(overridable::contains);
            String hostVariable = BesuNetworkConfigTest.besuEnvironmentName("host-allowlist");
            List<String> hosts = env.containsKey(hostVariable) ? List.of(env.get(hostVariable).split("\\s*,\\s*"))
                    : strings(toml.get("host-allowlist"));
            assertThat(hosts).as(name + " host allowlist").doesNotContain("*", "all").contains(POD_IP);
            for (Workload w : workloads(objects)) {
                if (secretsReferenced(w.pod()).contains(SIGNER_SECRET)) {
                    String url = env(w.pod(), "ANCHOR_CHAIN_RPC_URL").orElseThrow();
                    assertThat(hosts).as(name + " accepts the Host of " + w.name() + "'s " + url)
                            .contains(URI.create(url).getHost());
                }
            }
        }
    }

    /**
     * The names in static-nodes.json and in the nodes allowlist are the rendered pods' stable names
     * ({@code <StatefulSet>-0.<headless Service>}, relative to the namespace, so one file serves every overlay)
     * on their p2p port: the four validators dial each other, and the public RPC node is admitted too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void staticNodesAndTheNodesAllowlistNameTheRenderedPods(String overlay) throws IOException {
        List<HasMetadata> objects = render(overlay);
        ConfigMap config = named(objects, ConfigMap.class, "besu-config").orElseThrow();
        JsonNode toml = TOML.readTree(config.getData().get("config.toml"));
        String p2p = toml.get("p2p-port").asText();
        Set<String> validatorNames = new TreeSet<>();
        for (StatefulSet s : validators(objects)) {
            validatorNames.add(stableName(objects, s) + ":" + p2p);
        }
        StatefulSet rpc = named(objects, StatefulSet.class, "besu-rpc").orElseThrow();
        Set<String> staticNodes = new TreeSet<>();
        JSON.readTree(config.getData().get("static-nodes.json")).forEach(e -> staticNodes.add(enodeHost(e.asText())));
        Set<String> allowlist = new TreeSet<>();
        TOML.readTree(config.getData().get("permissions_config.toml")).get("nodes-allowlist")
                .forEach(e -> allowlist.add(enodeHost(e.asText())));

        assertThat(staticNodes).as(overlay + " static-nodes.json: the validator pods").isEqualTo(validatorNames);
        Set<String> expected = new TreeSet<>(validatorNames);
        expected.add(stableName(objects, rpc) + ":" + p2p);
        assertThat(allowlist).as(overlay + " nodes-allowlist: the validator pods and besu-rpc").isEqualTo(expected);
    }

    /** {@code <pod>.<headless Service>} of a one-replica StatefulSet, after checking that Service resolves it. */
    private static String stableName(List<HasMetadata> objects, StatefulSet s) {
        String service = s.getSpec().getServiceName();
        Service headless = named(objects, Service.class, service)
                .orElseThrow(() -> new AssertionError(s.getMetadata().getName() + ": no Service " + service));
        assertThat(headless.getSpec().getClusterIP()).as(service + " is headless").isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).as(service + " publishes not-ready pods").isTrue();
        assertThat(matches(headless.getSpec().getSelector(), s.getSpec().getTemplate())).as(service + " selects "
                + s.getMetadata().getName()).isTrue();
        assertThat(headless.getSpec().getPorts()).as(service + " p2p port").anyMatch(p -> "rlpx".equals(p.getName()));
        return s.getMetadata().getName() + "-0." + service;
    }

    private static String enodeHost(String enode) {
        Matcher m = Pattern.compile("enode://[0-9a-f]{128}@([^:]+:\\d+)").matcher(enode);
        assertThat(m.matches()).as("enode URL %s", enode).isTrue();
        return m.group(1);
    }

    private static List<StatefulSet> validators(List<HasMetadata> objects) {
        return objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .filter(s -> s.getMetadata().getName().startsWith("besu-validator-")).toList();
    }

    // ---------------------------------------------------------------- helpers

    private record Workload(HasMetadata object, PodTemplateSpec pod) {
        String name() {
            return object.getKind() + " " + object.getMetadata().getName();
        }
    }

    private static List<Workload> workloads(List<HasMetadata> objects) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Deployment d) {
                workloads.add(new Workload(o, d.getSpec().getTemplate()));
            } else if (o instanceof StatefulSet s) {
                workloads.add(new Workload(o, s.getSpec().getTemplate()));
            } else if (o instanceof Job j) {
                workloads.add(new Workload(o, j.getSpec().getTemplate()));
            }
        }
        return workloads;
    }

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        all.addAll(pod.getInitContainers());
        return all;
    }

    private static boolean isGateway(Container c) {
        String image = c.getImage();
        String repository = image.substring(image.lastIndexOf('/') + 1).split("[:@]")[0];
        return repository.equals(GATEWAY_IMAGE);
    }

    /** Every Secret a pod can read: env and envFrom of all its containers, and its volumes. */
    private static Set<String> secretsReferenced(PodTemplateSpec pod) {
        Set<String> names = new TreeSet<>();
        for (Container c : containers(pod.getSpec())) {
            for (EnvVar e : c.getEnv()) {
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    names.add(e.getValueFrom().getSecretKeyRef().getName());
                }
            }
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getSecretRef() != null) {
                    names.add(from.getSecretRef().getName());
                }
            }
        }
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getSecret() != null) {
                names.add(v.getSecret().getSecretName());
            }
            if (v.getProjected() != null) {
                v.getProjected().getSources().stream().filter(source -> source.getSecret() != null)
                        .forEach(source -> names.add(source.getSecret().getName()));
            }
        }
        return names;
    }

    private static Optional<String> env(PodTemplateSpec pod, String name) {
        return pod.getSpec().getContainers().stream().filter(KubernetesManifestsTest::isGateway)
                .flatMap(c -> c.getEnv().stream()).filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue).filter(Objects::nonNull).findFirst();
    }

    private static boolean matches(Map<String, String> selector, PodTemplateSpec pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return selector == null || selector.isEmpty() || labels.entrySet().containsAll(selector.entrySet());
    }

    private static <T extends HasMetadata> Optional<T> named(List<HasMetadata> objects, Class<T> type, String name) {
        // Generated ConfigMaps carry a content hash after their name.
        Pattern generated = Pattern.compile(Pattern.quote(name) + "(-[a-z0-9]{10})?");
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> generated.matcher(o.getMetadata().getName()).matches()).findFirst();
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }

    private static void assertHttpProbe(String where, Container c, Probe probe, String path, int port) {
        assertThat(probe).as(where).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(where + " httpGet").isNotNull();
        assertThat(get.getPath()).as(where + " path").isEqualTo(path);
        assertThat(resolvePort(c, get.getPort())).as(where + " port").isEqualTo(port);
    }

    private static int resolvePort(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + port.getStrVal()));
    }

    /** A container's environment as the kubelet makes it; the pod IP stands as {@link #POD_IP}. */
    private static Map<String, String> environment(List<HasMetadata> objects, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                env.putAll(named(objects, ConfigMap.class, from.getConfigMapRef().getName()).orElseThrow().getData());
            }
        }
        for (EnvVar e : c.getEnv()) {
            String value;
            if (e.getValueFrom() == null) {
                value = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(e.getValue()).replaceAll(
                        m -> Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
            } else if (e.getValueFrom().getFieldRef() != null) {
                value = e.getValueFrom().getFieldRef().getFieldPath().equals("status.podIP") ? POD_IP : "<field>";
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                value = named(objects, ConfigMap.class, ref.getName()).orElseThrow().getData().get(ref.getKey());
                assertThat(value).as(c.getName() + " env " + e.getName() + " from " + ref.getName() + "/" + ref.getKey())
                        .isNotNull();
            } else {
                value = "<secret>";
            }
            env.put(e.getName(), value);
        }
        return env;
    }

    /** File path in the container -> "configMap/key" or "secret name/key", for the ConfigMap and Secret volumes. */
    private static Map<String, String> mountedFiles(List<HasMetadata> objects, PodSpec pod, Container c) {
        Map<String, String> files = new TreeMap<>();
        for (VolumeMount mount : c.getVolumeMounts()) {
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElse(null);
            if (volume == null) {
                continue; // a volume claim template: data, not files
            }
            // (ConfigMap name or null, Secret name or null, items) of a configMap, secret or projected volume
            List<Object[]> sources = new ArrayList<>();
            if (volume.getConfigMap() != null) {
                sources.add(new Object[] {volume.getConfigMap().getName(), null, volume.getConfigMap().getItems()});
            } else if (volume.getSecret() != null) {
                sources.add(new Object[] {null, volume.getSecret().getSecretName(), volume.getSecret().getItems()});
            } else if (volume.getProjected() != null) {
                volume.getProjected().getSources().forEach(source -> sources.add(source.getConfigMap() != null
                        ? new Object[] {source.getConfigMap().getName(), null, source.getConfigMap().getItems()}
                        : source.getSecret() != null
                        ? new Object[] {null, source.getSecret().getName(), source.getSecret().getItems()}
                        : new Object[] {null, null, null}));
            }
            for (Object[] source : sources) {
                @SuppressWarnings("unchecked")
                List<KeyToPath> items = Optional.ofNullable((List<KeyToPath>) source[2]).orElse(List.of());
                if (source[0] != null && named(objects, ConfigMap.class, (String) source[0]).isEmpty() && !items.isEmpty()) {
                    // A ConfigMap created outside git (as Secrets are): its keys are the items the volume names.
                    for (KeyToPath item : items) {
                        files.put(mount.getMountPath() + "/" + item.getPath(), "configMap " + source[0] + "/" + item.getKey());
                    }
                } else if (source[0] != null) {
                    String name = (String) source[0];
                    ConfigMap map = named(objects, ConfigMap.class, name)
                            .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
                    if (items.isEmpty()) {
                        map.getData().keySet().forEach(key -> files.put(mount.getMountPath() + "/" + key, name + "/" + key));
                    }
                    for (KeyToPath item : items) {
                        assertThat(map.getData()).as("ConfigMap " + name).containsKey(item.getKey());
                        files.put(mount.getMountPath() + "/" + item.getPath(), name + "/" + item.getKey());
                    }
                } else if (source[1] != null) {
                    // Secrets are created outside git; without items, the file names are the keys k8s/README.md's
                    // commands create: "key" for node keys.
                    if (items.isEmpty()) {
                        files.put(mount.getMountPath() + "/key", "secret " + source[1] + "/key");
                    }
                    for (KeyToPath item : items) {
                        files.put(mount.getMountPath() + "/" + item.getPath(), "secret " + source[1] + "/" + item.getKey());
                    }
                }
            }
        }
        return files;
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("an array: %s", array).isTrue();
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Whether the policies let pods of {@code from} open a connection to {@code port} of pods of {@code to}. */
    private static boolean admitted(List<NetworkPolicy> policies, Workload from, Workload to, int port) {
        return allows(policies, to, "Ingress", p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of())
                        .stream().filter(rule -> coversPort(rule.getPorts(), port))
                        .anyMatch(rule -> rule.getFrom() == null || rule.getFrom().isEmpty()
                                || rule.getFrom().stream().anyMatch(peer -> inThisNamespace(peer, from))))
                && allows(policies, from, "Egress", p -> Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of())
                        .stream().filter(rule -> coversPort(rule.getPorts(), port))
                        .anyMatch(rule -> rule.getTo() == null || rule.getTo().isEmpty()
                                || rule.getTo().stream().anyMatch(peer -> inThisNamespace(peer, to))));
    }

    /** Namespace selectors of the rules that admit other namespaces to {@code port} of {@code to}. */
    private static List<Map<String, String>> fromOtherNamespaces(List<NetworkPolicy> policies, Workload to, int port) {
        List<Map<String, String>> selectors = new ArrayList<>();
        policies.stream().filter(p -> matches(p.getSpec().getPodSelector().getMatchLabels(), to.pod()))
                .flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.<NetworkPolicyIngressRule>of()).stream())
                .filter(rule -> coversPort(rule.getPorts(), port))
                .forEach(rule -> {
                    if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
                        selectors.add(Map.of("<anywhere>", ""));
                    } else {
                        rule.getFrom().forEach(peer -> {
                            if (peer.getIpBlock() != null) {
                                selectors.add(Map.of("<ipBlock>", peer.getIpBlock().getCidr()));
                            } else if (peer.getNamespaceSelector() != null) {
                                selectors.add(Optional.ofNullable(peer.getNamespaceSelector().getMatchLabels()).orElse(Map.of()));
                            }
                        });
                    }
                });
        return selectors;
    }

    private static boolean allows(List<NetworkPolicy> policies, Workload w, String type,
            java.util.function.Predicate<NetworkPolicy> rules) {
        List<NetworkPolicy> applying = policies.stream()
                .filter(p -> matches(p.getSpec().getPodSelector().getMatchLabels(), w.pod()))
                .filter(p -> p.getSpec().getPolicyTypes().contains(type)).toList();
        return applying.isEmpty() || applying.stream().anyMatch(rules);
    }

    private static boolean coversPort(List<NetworkPolicyPort> ports, int port) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> p.getPort() == null
                || Objects.equals(p.getPort().getIntVal(), port));
    }

    /** A peer that selects the workload's pods in the policy's own namespace (no namespace selector). */
    private static boolean inThisNamespace(NetworkPolicyPeer peer, Workload w) {
        return peer.getIpBlock() == null && peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                && matches(peer.getPodSelector().getMatchLabels(), w.pod());
    }

    private static void assertDataOnClaim(String name, StatefulSet s, Container c, String mountPath) {
        VolumeMount data = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": nothing mounted at " + mountPath));
        assertThat(s.getSpec().getVolumeClaimTemplates()).as(name + " keeps " + mountPath + " on a volume claim")
                .extracting(claim -> claim.getMetadata().getName()).contains(data.getName());
        assertThat(s.getSpec().getTemplate().getSpec().getVolumes()).as(name + " " + mountPath + " is not a pod volume")
                .noneMatch(v -> v.getName().equals(data.getName()));
    }

    // ---------------------------------------------------------------- what the app defines

    /** Property names the application reads: application.properties, @ConfigMapping interfaces, @ConfigProperty. */
    static Set<String> knownProperties() throws IOException {
        Set<String> names = new TreeSet<>(QUARKUS_ALLOWED);
        for (String key : applicationProperties().stringPropertyNames()) {
            names.add(key.replaceFirst("^%[\\w-]+\\.", ""));
        }
        for (String mapping : configMappingInterfaces()) {
            try {
                Class<?> type = Class.forName(mapping);
                addMapping(type.getAnnotation(ConfigMapping.class).prefix(), type, names);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("@ConfigMapping " + mapping + " is not on the test class path", e);
            }
        }
        Pattern property = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"|\\$\\{([a-z][\\w.-]*)[:}]");
        for (Path source : javaSources()) {
            Matcher m = property.matcher(Files.readString(source));
            while (m.find()) {
                names.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return names;
    }

    private static void addMapping(String prefix, Class<?> type, Collection<String> names) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> value = method.getReturnType();
            if (value == Optional.class && method.getGenericReturnType() instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> inner) {
                value = inner;
            }
            if (value.isInterface() && !value.getName().startsWith("java.")) {
                addMapping(name, value, names); // a nested group such as anchor.chain.signer
            } else {
                names.add(name);
            }
        }
    }

    private static Set<String> configMappingInterfaces() throws IOException {
        Pattern mapping = Pattern.compile("@ConfigMapping\\b[\\s\\S]*?(?:interface|class)\\s+(\\w+)");
        Pattern pkg = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
        Set<String> names = new TreeSet<>();
        for (Path source : javaSources()) {
            String text = Files.readString(source);
            Matcher m = mapping.matcher(text.replaceAll("import [^;]+;", ""));
            Matcher p = pkg.matcher(text);
            if (m.find() && p.find()) {
                names.add(p.group(1) + "." + m.group(1));
            }
        }
        return names;
    }

    private static List<Path> javaSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(ROOT.resolve("src/main/resources/application.properties"))));
        return properties;
    }

    /**
     * The health group of {@link #INTAKE_HEALTH_CHECK}, checked to hold nothing that depends on the chain: every
     * check in it lives outside the chain and anchoring packages and imports neither them nor web3j.
     */
    static String intakeHealthGroup() throws IOException {
        Pattern group = Pattern.compile("@HealthGroup\\(\\s*\"([^\"]+)\"\\s*\\)");
        Matcher m = group.matcher(Files.readString(ROOT.resolve(INTAKE_HEALTH_CHECK)));
        assertThat(m.find()).as(INTAKE_HEALTH_CHECK + " declares a @HealthGroup").isTrue();
        String name = m.group(1);
        for (Path source : javaSources()) {
            String text = Files.readString(source);
            Matcher in = group.matcher(text);
            while (in.find()) {
                if (in.group(1).equals(name)) {
                    assertThat(text).as(ROOT.relativize(source) + " is in health group " + name
                                    + ", which Kubernetes readiness uses: it must not depend on the chain")
                            .doesNotContainPattern("(?m)^package org\\.docanchor\\.gateway\\.(chain|anchoring)\\b")
                            .doesNotContain("import org.docanchor.gateway.chain.")
                            .doesNotContain("import org.docanchor.gateway.anchoring.")
                            .doesNotContain("import org.web3j.");
                }
            }
        }
        return name;
    }

    /** The environment variable Quarkus reads for a property: non-alphanumerics become '_', upper case. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- rendering

    private static List<HasMetadata> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            String kubectl = kubectl().orElseGet(() -> {
                String message = "kubectl is not on the PATH (or KUBECTL): it renders k8s/overlays. Install it, e.g. "
                        + "`apt-get install -y kubernetes-client`; .ci/run does so on CI.";
                if (System.getenv("CI") != null) {
                    fail(message);
                }
                Assumptions.abort(message + " Skipped because CI is not set.");
                return null;
            });
            Path dir = K8S.resolve("overlays").resolve(o);
            try {
                Path stderr = Files.createTempFile("kustomize", ".err");
                Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                        .redirectError(stderr.toFile()).start();
                String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("kubectl kustomize " + dir + " did not finish in 120 s");
                }
                String errors = Files.readString(stderr);
                Files.delete(stderr);
                if (process.exitValue() != 0) {
                    fail("kubectl kustomize " + dir + " failed (" + process.exitValue() + "):\n" + errors);
                }
                return parse(o, yaml);
            } catch (IOException e) {
                throw new AssertionError("cannot run " + kubectl + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    private static List<HasMetadata> parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            int index = 0;
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                index++;
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                String key = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
                String name = document.path("metadata").path("name").asText("?");
                Class<? extends HasMetadata> type = KINDS.get(key);
                if (type == null) {
                    fail(source + ": document " + index + " (" + name + ") is " + key
                            + ", not a kind these manifests may contain: " + new TreeSet<>(KINDS.keySet()));
                }
                try {
                    objects.add(STRICT.treeToValue(document, type));
                } catch (JsonProcessingException e) {
                    fail(source + ": " + key + " " + name + " does not match the Kubernetes API: "
                            + e.getOriginalMessage() + " at " + pathOf(e));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(source + ": not YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
            return m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse("(root)");
        }
        return "?";
    }

    private static Optional<String> kubectl() {
        String explicit = System.getenv("KUBECTL");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(explicit);
        }
        return Stream.of(Objects.requireNonNullElse(System.getenv("PATH"), "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }
}
