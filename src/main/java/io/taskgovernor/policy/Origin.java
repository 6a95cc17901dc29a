package io.taskgovernor.policy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What started a task, read from its {@code X-Opaque-Id}: today only Kibana says so, as
 * {@code <request id or unknownId>;kibana:<type>:<name>:<id>[;<type>:<name>:<id>…]}, each part URI-encoded and each
 * further context a child of the one before (a dashboard, then its Lens panel).
 *
 * <p>Source: Kibana's {@code ExecutionContextService.getAsHeader} and {@code ExecutionContextContainer.stringify}
 * ({@code src/core/packages/execution-context/server-internal}): {@code encodeURIComponent} of type, name and id
 * (empty when unset), {@code ;} before a child, the context part cut at 1,024 characters. The context object has
 * carried a {@code space} since Kibana PR #245704, but that serializer writes only type, name and id, so the space
 * of a request cannot be read from Elasticsearch's tasks.
 *
 * @param application who wrote the context: {@code kibana}
 * @param requestId   Kibana's request id, or {@code unknownId} for background work (task manager, alerting)
 * @param contexts    outermost first, decoded; never empty
 */
public record Origin(String application, String requestId, List<Context> contexts) {
    private static final String KIBANA = "kibana";

    /** One execution context, decoded: e.g. type {@code application}, name {@code dashboards}, id the dashboard's. */
    public record Context(String type, String name, String id) {
        String text() {
            return type + ":" + name + ":" + id;
        }
    }

    public Origin {
        contexts = List.copyOf(contexts);
        if (contexts.isEmpty()) {
            throw new IllegalArgumentException("an origin has at least one context");
        }
    }

    /**
     * The origin an {@code X-Opaque-Id} names, or empty when it names none: null, an id that is not Kibana's (any
     * other client's), or a Kibana id whose first context is malformed (not three parts, a bad {@code %} escape).
     * A malformed later context (Kibana cuts long contexts mid-part) ends the chain; what came before it stays.
     * Never throws.
     */
    public static Optional<Origin> parse(String opaqueId) {
        if (opaqueId == null) {
            return Optional.empty();
        }
        int marker = opaqueId.indexOf(";" + KIBANA + ":");
        if (marker < 0) {
            return Optional.empty();
        }
        String requestId = opaqueId.substring(0, marker);
        // The request id is Kibana's own (a UUID, or the client's X-Opaque-Id passed through); a ';' in it would
        // mean the marker found is not the context's start.
        if (requestId.isEmpty() || requestId.indexOf(';') >= 0) {
            return Optional.empty();
        }
        List<Context> contexts = new ArrayList<>();
        for (String part : opaqueId.substring(marker + KIBANA.length() + 2).split(";", -1)) {
            Optional<Context> context = context(part);
            if (context.isEmpty()) {
                break;
            }
            contexts.add(context.get());
        }
        return contexts.isEmpty() ? Optional.empty() : Optional.of(new Origin(KIBANA, requestId, contexts));
    }

    private static Optional<Context> context(String part) {
        String[] fields = part.split(":", -1);
        if (fields.length != 3) {
            return Optional.empty();
        }
        Optional<String> type = decode(fields[0]);
        Optional<String> name = decode(fields[1]);
        Optional<String> id = decode(fields[2]);
        if (type.isEmpty() || name.isEmpty() || id.isEmpty() || type.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Context(type.get(), name.get(), id.get()));
    }

    /** Undoes encodeURIComponent: {@code %XX} escapes as UTF-8 bytes; '+' stays '+' (it is not form encoding). */
    private static Optional<String> decode(String value) {
        if (value.indexOf('%') < 0) {
            return Optional.of(value);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= value.length()) {
                return Optional.empty();
            }
            int high = Character.digit(value.charAt(i + 1), 16);
            int low = Character.digit(value.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }

    /** The outermost context: the application (type {@code application}) or background service that started it. */
    public Context source() {
        return contexts.get(0);
    }

    /**
     * The origin as rules match it and people read it: application, then every context decoded, children after
     * {@code ;}. E.g. {@code kibana:application:dashboards:edf84fe0;lens:lnsXY:cb099a20},
     * {@code kibana:task manager:run alerting:.es-query:5f3a…}.
     */
    public String text() {
        return application + ":" + contexts.stream().map(Context::text).collect(Collectors.joining(";"));
    }

    @Override
    public String toString() {
        return text();
    }
}
