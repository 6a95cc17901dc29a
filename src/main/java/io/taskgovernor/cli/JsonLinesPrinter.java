package io.taskgovernor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.policy.DecisionDetail;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object a line, one line a decision: easy to feed to jq, a log shipper or a SIEM. */
final class JsonLinesPrinter implements DecisionPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;

    JsonLinesPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void print(PassResult result) {
        for (Decision decision : result.decisions()) {
            out.println(toJson(decision));
        }
        out.flush();
    }

    static String toJson(Decision d) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", d.decidedAt().toString());
        line.put("policy", d.policy().toString());
        line.put("rule", d.rule());
        line.put("taskId", d.task().id());
        line.put("node", d.task().nodeLabel());
        line.put("action", d.task().action());
        line.put("runningTimeMs", d.task().runningTimeMillis());
        line.put("maxRuntimeMs", d.maxRuntime().toMillis());
        line.put("overshootMs", d.overshoot().toMillis());
        line.put("opaqueId", d.task().opaqueId());
        d.origin().ifPresent(o -> line.put("origin", o.text()));
        if (d.traceId() != null) {
            line.put("traceId", d.traceId());
        }
        d.indices().ifPresent(i -> line.put("indices", i));
        line.put("outcome", d.outcome().name());
        if (d.reason() != null) {
            line.put("reason", d.reason());
        }
        DecisionDetail detail = d.detail();
        if (!detail.matched().isEmpty()) {
            line.put("matched", detail.matched());
        }
        if (detail.description() != null) {
            line.put("description", detail.description().text());
            if (detail.description().truncated()) {
                line.put("descriptionBytes", detail.description().bytes());
            }
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings, numbers and string lists always serialises", e);
        }
    }
}
