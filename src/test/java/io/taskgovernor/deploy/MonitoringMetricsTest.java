package io.taskgovernor.deploy;

import static io.taskgovernor.testing.TaskBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.taskgovernor.api.TaskPolicy;
import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.metrics.HealthServer;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.OperatorHarness;
import io.taskgovernor.testing.Policies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alerts of deploy/monitoring name only metrics the operator really exposes: the real
 * operator (mock API server, scripted clusters: one with a violator, one that does not answer) is scraped on
 * /metrics, and every metric name in their PromQL must be a series name in that scrape.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class MonitoringMetricsTest {
    private static final Path MONITORING = Path.of("deploy", "monitoring");
    private static final Set<String> PROMQL_KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    /** Labels Prometheus (or the Prometheus Operator's ServiceMonitor) adds to every scraped series. */
    private static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "instance", "job", "service", "container", "endpoint");

    static KubernetesClient client;

    /**
     * The metric names of one PromQL expression: identifiers that are not functions, keywords, label names
     * (in matchers and in by/without/on/ignoring/group_* lists) or parts of strings and ranges.
     */
    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(promql);
        if (labelValues.find()) {
            // Grafana's label_values(metric, label): the second argument is a label.
            names.add(labelValues.group(1));
            return names;
        }
        String bare = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String word = identifier.group();
            boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
            boolean variable = identifier.start() > 0 && bare.charAt(identifier.start() - 1) == '$';
            boolean number = identifier.start() > 0 && Character.isDigit(bare.charAt(identifier.start() - 1));
            if (!function && !variable && !number && !PROMQL_KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** Each PromQL expression of the dashboard (panels and template variables) and of the alert rules, by where it is. */
    private static Map<String, String> expressions() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(MONITORING.resolve("grafana-dashboard.json")));
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                all.put("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.path("type").asText().equals("query")) {
                all.put("variable $" + variable.path("name").asText(), variable.at("/query/query").asText());
            }
        }
        JsonNode rule = new YAMLMapper().readTree(Files.readString(MONITORING.resolve("prometheus-rule.yaml")));
        for (JsonNode group : rule.at("/spec/groups")) {
            for (JsonNode alert : group.path("rules")) {
                all.put("alert " + alert.path("alert").asText(), alert.path("expr").asText());
            }
        }
        return all;
    }

    /**
     * The series of a Prometheus text scrape, name to the label names seen on it: what PromQL can select,
     * `_bucket`, `_count`, `_sum` and `_max` included.
     */
    private static Map<String, Set<String>> series(String scrape) {
        Map<String, Set<String>> series = new TreeMap<>();
        scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            String name = l.split("[{ ]", 2)[0];
            Set<String> labels = series.computeIfAbsent(name, n -> new TreeSet<>());
            int open = l.indexOf('{');
            if (open > 0) {
                Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(l.substring(open, l.lastIndexOf('}')));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        });
        return series;
    }

    /**
     * The label names an expression selects or groups by that none of its metrics carries in the scrape
     * ({@code exposed}: series name to label names). Labels Prometheus adds to every scraped series are
     * always there.
     */
    static Set<String> unknownLabels(String promql, Map<String, Set<String>> exposed) {
        Set<String> unknown = new TreeSet<>();
        if (LABEL_VALUES.matcher(promql).find()) {
            return unknown;
        }
        Set<String> onSomeMetric = new TreeSet<>(TARGET_LABELS);
        for (String metric : metricNames(promql)) {
            onSomeMetric.addAll(exposed.getOrDefault(metric, Set.of()));
        }
        String bare = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        Matcher selector = SELECTOR.matcher(bare);
        while (selector.find()) {
            Set<String> carried = new TreeSet<>(TARGET_LABELS);
            carried.addAll(exposed.getOrDefault(selector.group(1), Set.of()));
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                if (!carried.contains(matcher.group(1))) {
                    unknown.add(selector.group(1) + "{" + matcher.group(1) + "}");
                }
            }
        }
        Matcher grouping = GROUPING.matcher(bare);
        while (grouping.find()) {
            for (String label : grouping.group(2).split(",")) {
                if (!label.isBlank() && !onSomeMetric.contains(label.trim())) {
                    unknown.add(grouping.group(1) + " (" + label.trim() + ")");
                }
            }
        }
        return unknown;
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsInTheOperatorsScrape() throws Exception {
        FakeCluster healthy = new FakeCluster().add(task("n1:1").runningSeconds(30).build());
        FakeCluster down = new FakeCluster();
        down.failWith(() -> new ClusterUnavailableException("list tasks on http://es-down:9200: ConnectException: refused", null));
        Map<String, FakeCluster> clusters = Map.of("http://es-up:9200", healthy, "http://es-down:9200", down);

        try (OperatorHarness harness = new OperatorHarness(client, c -> clusters.get(c.url().toString()));
             HealthServer health = new HealthServer(0, harness.registry(), harness.operator()::isReady)) {
            client.resource(Policies.policy("search", "searches", "http://es-up:9200", "10s", "indices:data/read/search*")).create();
            client.resource(Policies.policy("search", "unreachable", "http://es-down:9200", "10s", "indices:data/read/search*")).create();
            URI metrics = URI.create("http://127.0.0.1:" + health.port() + "/metrics");

            // Passed once on each cluster: the violator cancelled (decision, overshoot), the other cluster's error counted.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(metrics))
                    .contains("taskgovernor_cancel_overshoot_seconds_bucket")
                    .contains("taskgovernor_elasticsearch_errors_total{cluster=\"es-down:9200\",kind=\"unavailable\"}"));
            String scrape = get(metrics);
            Map<String, Set<String>> series = series(scrape);
            Set<String> exposed = series.keySet();
            assertThat(scrape).as("not leader-elected here: this process governs")
                    .contains("taskgovernor_leader{lease=\"\"} 1");

            Map<String, String> expressions = expressions();
            assertThat(expressions).hasSizeGreaterThan(20);
            Set<String> used = new TreeSet<>();
            List<String> missing = new ArrayList<>();
            expressions.forEach((where, expr) -> {
                Set<String> names = metricNames(expr);
                assertThat(names).as("%s names no metric: %s", where, expr).isNotEmpty();
                used.addAll(names);
                names.stream().filter(n -> !exposed.contains(n)).forEach(n -> missing.add(where + ": " + n));
                unknownLabels(expr, series).forEach(l -> missing.add(where + ": label " + l));
            });
            assertThat(missing).as("metric or label names the operator does not expose (it exposes %s)", series).isEmpty();
            assertThat(used).contains("taskgovernor_leader", "taskgovernor_decisions_total",
                    "taskgovernor_pass_duration_seconds_bucket", "taskgovernor_pass_lateness_seconds_bucket",
                    "taskgovernor_elasticsearch_errors_total", "taskgovernor_elasticsearch_requests_total",
                    "taskgovernor_lingering_tasks", "taskgovernor_cancel_overshoot_seconds_bucket");
            // Series names, not families: a counter has no _bucket, a gauge no _total.
            assertThat(exposed).doesNotContain("taskgovernor_decisions_bucket", "taskgovernor_lingering_tasks_total",
                    "taskgovernor_pass_duration_seconds");
        } finally {
            client.resources(TaskPolicy.class).inAnyNamespace().delete();
        }
    }

    @Test
    void namesAreReadOutOfPromqlWithoutFunctionsLabelsOrKeywords() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (cluster, le) (rate(a_seconds_bucket{cluster=~\"$cluster\"}[$__rate_interval])))"))
                .containsExactly("a_seconds_bucket");
        assertThat(metricNames("(sum by (ns, c) (rate(x_total{kind=~\"a|b\"}[5m])) > 0) >= 0.95 * sum by (ns, c) (rate(y_total{call=\"list\"}[5m]))"))
                .containsExactly("x_total", "y_total");
        assertThat(metricNames("absent(up_metric) or max without (pod) (g) == bool 0 unless on (lease) h offset 1d"))
                .containsExactly("g", "h", "up_metric");
        assertThat(metricNames("label_values(taskgovernor_governed_tasks, policy)")).containsExactly("taskgovernor_governed_tasks");
        assertThat(metricNames("sum(rate(m{a=\"}{[\"}[1d])) * 60 / 1e3")).containsExactly("m");

        Map<String, Set<String>> exposed = Map.of("d_total", Set.of("policy", "outcome"), "g", Set.of("lease"));
        assertThat(unknownLabels("sum by (namespace, policy) (rate(d_total{outcome=\"FAILED\"}[5m]))", exposed)).isEmpty();
        assertThat(unknownLabels("sum by (cluster) (rate(d_total{result=\"FAILED\", policy=~\"$policy\"}[5m])) and on (lease) g", exposed))
                .containsExactly("by (cluster)", "d_total{result}");
    }
}
