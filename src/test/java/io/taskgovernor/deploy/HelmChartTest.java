package io.taskgovernor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.taskgovernor.reconcile.OperatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart (deploy/helm/task-governor), linted and rendered by the Helm library itself (helm-java),
 * against deploy/ (kustomize), which stays the reference: same RBAC rules, same pod, plus the chart's switches.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("deploy", "helm", "task-governor");
    private static final Path KUSTOMIZE = Path.of("deploy");
    private static final Path MONITORING = Path.of("deploy", "monitoring");
    private static final String RELEASE = "task-governor";
    private static final String NAMESPACE = "task-governor";
    private static final YAMLMapper YAML = new YAMLMapper();

    /** One rendered or committed object. */
    private record Manifest(String kind, String name, String namespace, JsonNode body) {
        static Manifest of(JsonNode body) {
            JsonNode meta = body.path("metadata");
            return new Manifest(body.path("kind").asText(), meta.path("name").asText(),
                    meta.hasNonNull("namespace") ? meta.get("namespace").asText() : null, body);
        }
    }

    private static List<Manifest> parse(String yaml) {
        try (var parser = YAML.createParser(yaml)) {
            List<Manifest> manifests = new ArrayList<>();
            for (var docs = YAML.readValues(parser, JsonNode.class); docs.hasNext(); ) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.has("kind")) {
                    manifests.add(Manifest.of(doc));
                }
            }
            return manifests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Manifest> render(UnaryOperator<TemplateCommand> values) {
        return render(RELEASE, values);
    }

    private static List<Manifest> render(String release, UnaryOperator<TemplateCommand> values) {
        TemplateCommand template = new Helm(CHART).template().withName(release).withNamespace(NAMESPACE);
        return parse(values.apply(template).call());
    }

    private static List<Manifest> kustomizeBase() throws IOException {
        List<Manifest> all = new ArrayList<>();
        for (String file : List.of("namespace.yaml", "service-account.yaml", "rbac.yaml", "deployment.yaml", "service.yaml")) {
            all.addAll(parse(Files.readString(KUSTOMIZE.resolve(file))));
        }
        return all;
    }

    private static Manifest one(List<Manifest> manifests, String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds(manifests)));
    }

    private static List<String> kinds(List<Manifest> manifests) {
        return manifests.stream().map(m -> m.kind() + "/" + m.name() + (m.namespace() == null ? "" : "@" + m.namespace())).toList();
    }

    private static JsonNode container(List<Manifest> manifests, String deployment) {
        return one(manifests, "Deployment", deployment).body().at("/spec/template/spec/containers/0");
    }

    /** Name to value for the plain-valued env vars (the ones from the downward API are left out). */
    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.get("name").asText(), e.get("value").asText());
            }
        });
        return env;
    }

    private static Set<String> envNames(JsonNode container) {
        Set<String> names = new TreeSet<>();
        container.path("env").forEach(e -> names.add(e.get("name").asText()));
        return names;
    }

    @Test
    void helmLintFindsNothing() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void byDefaultItRendersTheObjectsOfDeployWithoutTheNamespace() throws IOException {
        List<Manifest> chart = render(t -> t);
        List<Manifest> kustomize = kustomizeBase();

        // The namespace comes from `helm install -n task-governor --create-namespace`, as Helm charts do.
        assertThat(kinds(chart)).containsExactlyInAnyOrder(kustomize.stream().filter(m -> !m.kind().equals("Namespace"))
                .map(m -> m.kind() + "/" + m.name() + (m.kind().startsWith("Cluster") ? "" : "@" + NAMESPACE)).toArray(String[]::new));
        assertThat(chart).filteredOn(m -> !m.kind().startsWith("Cluster")).extracting(Manifest::namespace).containsOnly(NAMESPACE);
        assertThat(chart).extracting(Manifest::kind).doesNotContain("ServiceMonitor", "PrometheusRule", "ConfigMap");
    }

    @Test
    void rbacHasExactlyTheRulesOfDeployRbacAndNothingWider() throws IOException {
        List<Manifest> chart = render(t -> t);
        List<Manifest> kustomize = kustomizeBase();

        JsonNode clusterRules = one(chart, "ClusterRole", "task-governor").body().get("rules");
        assertThat(clusterRules).isEqualTo(one(kustomize, "ClusterRole", "task-governor").body().get("rules"));
        assertThat(one(chart, "Role", "task-governor-leader-election").body().get("rules"))
                .isEqualTo(one(kustomize, "Role", "task-governor-leader-election").body().get("rules"));
        for (String binding : List.of("ClusterRoleBinding/task-governor", "RoleBinding/task-governor-leader-election")) {
            String[] kindName = binding.split("/");
            JsonNode chartBinding = one(chart, kindName[0], kindName[1]).body();
            JsonNode kustomizeBinding = one(kustomize, kindName[0], kindName[1]).body();
            assertThat(chartBinding.get("roleRef")).isEqualTo(kustomizeBinding.get("roleRef"));
            assertThat(chartBinding.get("subjects")).isEqualTo(kustomizeBinding.get("subjects"));
        }

        // Least privilege, said outright (deploy/rbac.yaml could drift too).
        for (Manifest role : chart.stream().filter(m -> m.kind().endsWith("Role")).toList()) {
            for (JsonNode rule : role.body().get("rules")) {
                assertThat(rule.toString()).as(role.name()).doesNotContain("\"*\"");
                Set<String> verbs = new TreeSet<>();
                rule.get("verbs").forEach(v -> verbs.add(v.asText()));
                assertThat(verbs).as(rule.toString()).doesNotContain("delete", "deletecollection", "escalate", "bind", "impersonate");
                rule.get("resources").forEach(r -> {
                    switch (r.asText()) {
                        case "secrets" -> assertThat(verbs).as("Secrets are only listed and watched by name").containsOnly("list", "watch");
                        case "taskpolicies", "clustertaskpolicies" -> assertThat(verbs).as("policies are never written").containsOnly("get", "list", "watch");
                        case "taskpolicies/status", "clustertaskpolicies/status" -> assertThat(verbs).containsOnly("update", "patch");
                        case "elasticsearches" -> assertThat(verbs).as("ECK clusters are only read").containsOnly("list", "watch");
                        case "events", "leases" -> { }
                        default -> throw new AssertionError("a rule on " + r.asText() + " that deploy/rbac.yaml does not grant");
                    }
                });
            }
        }
    }

    @Test
    void thePodIsTheOneOfDeployNonRootReadOnlyAndWithoutCapabilities() throws IOException {
        List<Manifest> chart = render(t -> t);
        List<Manifest> kustomize = kustomizeBase();
        JsonNode pod = one(chart, "Deployment", "task-governor").body().at("/spec/template/spec");
        JsonNode kustomizePod = one(kustomize, "Deployment", "task-governor").body().at("/spec/template/spec");
        JsonNode c = container(chart, "task-governor");
        JsonNode k = container(kustomize, "task-governor");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(c.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(c.path("securityContext").has("privileged")).isFalse();

        for (String same : List.of("securityContext", "volumes", "serviceAccountName")) {
            assertThat(pod.get(same)).as(same).isEqualTo(kustomizePod.get(same));
        }
        for (String same : List.of("name", "args", "ports", "livenessProbe", "readinessProbe", "resources", "securityContext", "volumeMounts")) {
            assertThat(c.get(same)).as(same).isEqualTo(k.get(same));
        }
        assertThat(one(chart, "Deployment", "task-governor").body().at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(c.get("image").asText()).isEqualTo("ghcr.io/task-governor/task-governor:0.1.0");
        // Every variable deploy/ sets, with the same value; the chart adds the two it can switch.
        assertThat(envNames(c)).containsAll(envNames(k));
        assertThat(env(c)).containsAllEntriesOf(env(k));
        assertThat(env(c)).containsEntry("POLICY_SELECTOR", "").containsEntry("ALLOW_CROSS_NAMESPACE_REFERENCES", "false");
        assertThat(pod.at("/containers/0/env")).anySatisfy(e -> assertThat(e.toString())
                .isEqualTo("{\"name\":\"POD_NAMESPACE\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.namespace\"}}}"));

        Manifest service = one(chart, "Service", "task-governor-metrics");
        assertThat(service.body().at("/spec/ports")).isEqualTo(one(kustomize, "Service", "task-governor-metrics").body().at("/spec/ports"));
        JsonNode podLabels = one(chart, "Deployment", "task-governor").body().at("/spec/template/metadata/labels");
        service.body().at("/spec/selector").fields().forEachRemaining(l ->
                assertThat(podLabels.path(l.getKey()).asText()).as("the Service selects the pods: " + l.getKey()).isEqualTo(l.getValue().asText()));
    }

    @Test
    void valuesReachTheEnvironmentTheOperatorReads() {
        List<Manifest> chart = render("shard-b", t -> t
                .set("watchNamespaces[0]", "search").set("watchNamespaces[1]", "logs")
                .set("policySelector", "governor-shard=b")
                .set("allowCrossNamespaceReferences", "true")
                .set("healthPort", "9090")
                .set("image.tag", "0.2.0")
                .set("replicaCount", "3"));
        String name = "shard-b-task-governor";
        JsonNode c = container(chart, name);
        Map<String, String> env = env(c);
        assertThat(env).containsEntry("WATCH_NAMESPACES", "search,logs")
                .containsEntry("POLICY_SELECTOR", "governor-shard=b")
                .containsEntry("LEASE_NAME", name + "-leader")
                .containsEntry("LEADER_ELECTION", "true")
                .containsEntry("ALLOW_CROSS_NAMESPACE_REFERENCES", "true")
                .containsEntry("HEALTH_PORT", "9090");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(9090);
        assertThat(c.get("image").asText()).endsWith(":0.2.0");
        assertThat(one(chart, "Deployment", name).body().at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(one(chart, "Service", name + "-metrics").body().at("/spec/ports/0/port").asInt()).isEqualTo(9090);

        // The operator accepts what the chart sets (a shard's selector needs a Lease of its own, which the chart gives).
        Map<String, String> process = new HashMap<>(env);
        process.put("POD_NAMESPACE", NAMESPACE);
        process.put("POD_NAME", name + "-7d9c-x");
        OperatorSettings settings = OperatorSettings.fromEnvironment(process);
        assertThat(settings.namespaces()).containsExactlyInAnyOrder("search", "logs");
        assertThat(settings.leaseName()).isEqualTo(name + "-leader");
        assertThat(settings.leaseNamespace()).isEqualTo(NAMESPACE);
        assertThat(settings.healthPort()).isEqualTo(9090);
        assertThat(settings.policySelector().expression()).isEqualTo("governor-shard=b");
    }

    @Test
    void watchedNamespacesGetRolesAndNothingClusterWide() {
        List<Manifest> chart = render(t -> t.set("watchNamespaces[0]", "search").set("watchNamespaces[1]", "logs"));

        assertThat(chart).extracting(Manifest::kind).doesNotContain("ClusterRole", "ClusterRoleBinding");
        JsonNode clusterRules = render(t -> t).stream().filter(m -> m.kind().equals("ClusterRole")).findFirst().orElseThrow().body().get("rules");
        for (String namespace : List.of("search", "logs")) {
            Manifest role = chart.stream().filter(m -> m.kind().equals("Role") && namespace.equals(m.namespace())).findFirst().orElseThrow();
            assertThat(role.body().get("rules")).isEqualTo(clusterRules);
            Manifest binding = chart.stream().filter(m -> m.kind().equals("RoleBinding") && namespace.equals(m.namespace())).findFirst().orElseThrow();
            assertThat(binding.body().at("/roleRef/name").asText()).isEqualTo(role.name());
            assertThat(binding.body().at("/subjects/0/namespace").asText()).isEqualTo(NAMESPACE);
        }
        // The Lease stays in the operator's own namespace.
        assertThat(one(chart, "Role", "task-governor-leader-election").namespace()).isEqualTo(NAMESPACE);
    }

    @Test
    void withoutLeaderElectionThereIsNoLeaseGrantAndOneReplicaOnly() {
        List<Manifest> chart = render(t -> t.set("leaderElection.enabled", "false").set("replicaCount", "1"));
        assertThat(env(container(chart, "task-governor"))).containsEntry("LEADER_ELECTION", "false");
        assertThat(kinds(chart)).noneMatch(k -> k.contains("leader-election"));

        assertThatThrownBy(() -> render(t -> t.set("leaderElection.enabled", "false")))
                .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled");
    }

    @Test
    void valuesOfTheWrongShapeAreRefusedByName() {
        // A single namespace given as a string, a misspelt key, a port out of range: each named by Helm's schema check.
        assertThatThrownBy(() -> render(t -> t.set("watchNamespaces", "search")))
                .hasMessageContaining("watchNamespaces").hasMessageContaining("array");
        assertThatThrownBy(() -> render(t -> t.set("watchNamespace[0]", "search")))
                .hasMessageContaining("watchNamespace").hasMessageContaining("not allowed");
        assertThatThrownBy(() -> render(t -> t.set("healthPort", "70000"))).hasMessageContaining("healthPort");
        assertThatThrownBy(() -> render(t -> t.set("watchNamespaces[0]", "Search_Team"))).hasMessageContaining("watchNamespaces");
    }

    @Test
    void theMonitoringObjectsComeOnlyWhenAskedAndFromDeployMonitoring() throws IOException {
        List<Manifest> chart = render(t -> t.set("serviceMonitor.enabled", "true").set("serviceMonitor.labels.release", "kps")
                .set("prometheusRule.enabled", "true").set("grafanaDashboard.enabled", "true"));

        JsonNode monitor = one(chart, "ServiceMonitor", "task-governor").body();
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kps");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http-metrics");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        JsonNode serviceLabels = one(chart, "Service", "task-governor-metrics").body().at("/metadata/labels");
        monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(l ->
                assertThat(serviceLabels.path(l.getKey()).asText()).as("selects the Service: " + l.getKey()).isEqualTo(l.getValue().asText()));

        JsonNode rule = one(chart, "PrometheusRule", "task-governor").body();
        JsonNode committed = parse(Files.readString(MONITORING.resolve("prometheus-rule.yaml"))).get(0).body();
        assertThat(rule.get("spec")).isEqualTo(committed.get("spec"));
        assertThat(rule.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);

        JsonNode dashboard = one(chart, "ConfigMap", "task-governor-dashboard").body();
        assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(dashboard.at("/data/task-governor.json").asText())
                .isEqualTo(Files.readString(MONITORING.resolve("grafana-dashboard.json")).stripTrailing());
    }

    @Test
    void theChartCarriesTheCrdsOfCrdsAndTheFilesOfDeployMonitoringByteForByte() throws IOException {
        assertSameFiles(Path.of("crds"), CHART.resolve("crds"),
                "cp crds/*.yml deploy/helm/task-governor/crds/");
        assertSameFiles(MONITORING, CHART.resolve("files"),
                "cp deploy/monitoring/* deploy/helm/task-governor/files/");

        // Helm installs them before the templates (its crds/ folder), and shows them as such. The Helm in
        // helm-java prints the files one after the other without a document separator, so each file's text
        // is looked for in what it shows rather than parsed as one stream.
        String shown = new Helm(CHART).show().crds().call();
        for (Path crd : listFiles(Path.of("crds"))) {
            assertThat(shown).as("helm show crds has %s", crd).contains(Files.readString(crd).strip());
            assertThat(parse(Files.readString(crd))).extracting(Manifest::kind).containsExactly("CustomResourceDefinition");
        }
    }

    private static void assertSameFiles(Path source, Path copy, String fix) throws IOException {
        List<Path> sources = listFiles(source);
        assertThat(listFiles(copy)).extracting(p -> p.getFileName().toString())
                .as("%s must hold exactly the files of %s (%s)", copy, source, fix)
                .containsExactlyInAnyOrderElementsOf(sources.stream().map(p -> p.getFileName().toString()).toList());
        for (Path file : sources) {
            assertThat(Files.readAllBytes(copy.resolve(file.getFileName())))
                    .as("%s differs from %s (%s)", copy.resolve(file.getFileName()), file, fix)
                    .isEqualTo(Files.readAllBytes(file));
        }
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
