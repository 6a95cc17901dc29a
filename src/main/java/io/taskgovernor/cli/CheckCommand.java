package io.taskgovernor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.elasticsearch.ClusterAccess;
import io.taskgovernor.elasticsearch.ClusterConnection;
import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.policy.GovernorOpaqueId;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Connect to a cluster, read its version, and check that the user holds the cluster privileges",
                "the governor needs (monitor, cancel_task). Exit 0 when it does (or security is off), 4 when it lacks one,",
                "3 when the cluster cannot be reached."})
final class CheckCommand implements Callable<Integer> {
    /** The X-Opaque-Id of the check's own requests (the governor's prefix: never governed). */
    static final String OPAQUE_ID = GovernorOpaqueId.CHECK;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (one object). Default: ${DEFAULT-VALUE}.")
    DecisionPrinter.OutputFormat output;

    @Mixin
    ConnectionOptions connection;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        ClusterConnection target = connection.connectionTo(null, null);
        ClusterAccess.Server server;
        ClusterAccess.Privileges privileges;
        try (ClusterAccess access = new ClusterAccess(target)) {
            server = access.server(OPAQUE_ID);
            privileges = access.privileges(ClusterAccess.REQUIRED_PRIVILEGES, OPAQUE_ID);
        } catch (ClusterException e) {
            err.println("cluster " + target.url() + ": " + ClusterTrouble.describe(e));
            return ClusterTrouble.exitCode(e);
        }
        List<String> missing = privileges.missing(ClusterAccess.REQUIRED_PRIVILEGES);
        if (output == DecisionPrinter.OutputFormat.json) {
            out.println(toJson(target, server, privileges, missing));
        } else {
            out.printf("cluster %s: %s %s%s, cluster name %s%n", target.url(), server.product(), server.version(),
                    server.buildFlavor() == null ? "" : " (" + server.buildFlavor() + ")", server.clusterName());
            if (!privileges.securityEnabled()) {
                out.println("security is off on this cluster: every request is allowed, there are no privileges to check");
            } else {
                out.printf("user %s: %s%n", privileges.username(), String.join(", ", privileges.held().entrySet().stream()
                        .map(p -> p.getKey() + " " + (p.getValue() ? "yes" : "NO")).toList()));
            }
        }
        if (!missing.isEmpty()) {
            err.println("cluster " + target.url() + ": user " + privileges.username() + " lacks the cluster privilege"
                    + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing) + " ("
                    + String.join("; ", missing.stream().map(CheckCommand::neededFor).toList())
                    + "): grant a role with cluster privileges monitor and cancel_task");
            return ExitCode.UNAUTHORIZED;
        }
        if (output == DecisionPrinter.OutputFormat.table) {
            out.println("ok: the governor can list tasks, wait on them and cancel them here");
        }
        return ExitCode.OK;
    }

    private static String neededFor(String privilege) {
        return switch (privilege) {
            case "monitor" -> "monitor lists tasks and waits on them";
            case "cancel_task" -> "cancel_task cancels them";
            default -> privilege;
        };
    }

    private static String toJson(ClusterConnection target, ClusterAccess.Server server, ClusterAccess.Privileges privileges,
            List<String> missing) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("url", target.url().toString());
        root.put("product", server.product());
        root.put("version", server.version());
        root.put("buildFlavor", server.buildFlavor());
        root.put("clusterName", server.clusterName());
        root.put("securityEnabled", privileges.securityEnabled());
        root.put("username", privileges.username());
        root.put("privileges", privileges.held());
        root.put("missing", missing);
        root.put("ok", missing.isEmpty());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and booleans always serialise", e);
        }
    }
}
