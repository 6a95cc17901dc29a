package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * An exception and its causes as one line, outermost first, joined with ": ", e.g.
 * {@code Error starting operator: Couldn't start informer for taskpolicies.taskgovernor.io/v1alpha1 resources:
 * taskpolicies.taskgovernor.io: 403 Forbidden: taskpolicies.taskgovernor.io is forbidden: User ...}.
 *
 * <p>JOSDK wraps a failure several times over, often with the cause's {@code toString()} as the
 * message, and Fabric8 puts the request URL and the whole {@code Status} object in its messages: those
 * repeats are dropped, an API server's answer is shown as resource, code, reason and the server's own
 * message, and user info in any URL (a kubeconfig may hold {@code https://user:password@host}) is masked.
 */
public final class CauseChain {
    private static final Pattern URL_USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");
    private static final int MAX_LINKS = 20;

    private CauseChain() {}

    public static String of(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable link : links(failure)) {
            String part = describe(link);
            if (part != null && (parts.isEmpty() || !parts.get(parts.size() - 1).equals(part))) {
                parts.add(part);
            }
        }
        return URL_USER_INFO.matcher(String.join(": ", parts)).replaceAll("$1***@");
    }

    /** The first link of the chain of the given type, the failure itself included. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        return links(failure).stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    static List<Throwable> links(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> links = new ArrayList<>();
        for (Throwable link = failure; link != null && links.size() < MAX_LINKS && seen.put(link, true) == null;
             link = link.getCause()) {
            links.add(link);
        }
        return links;
    }

    /** What this link adds to the line, or null when it only wraps its cause. */
    private static String describe(Throwable link) {
        if (link instanceof ExecutionException || link instanceof CompletionException
                || link instanceof InvocationTargetException) {
            return null;
        }
        if (link instanceof KubernetesClientException answer && answer.getCode() > 0) {
            return answered(answer);
        }
        String message = link.getMessage();
        Throwable cause = link.getCause();
        if (message == null || message.isBlank()) {
            // Only the type says anything (ConnectException, ClosedChannelException).
            return link.getClass().getSimpleName();
        }
        if (cause != null && (message.equals(cause.toString()) || message.equals(cause.getMessage()))) {
            return null;
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String answered(KubernetesClientException answer) {
        Status status = answer.getStatus();
        StringBuilder line = new StringBuilder();
        if (answer.getFullResourceName() != null) {
            line.append(answer.getFullResourceName()).append(": ");
        }
        line.append(answer.getCode());
        if (status != null && status.getReason() != null) {
            line.append(' ').append(status.getReason());
        }
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            line.append(": ").append(status.getMessage().strip());
        }
        if (status != null && status.getDetails() != null && !status.getDetails().getCauses().isEmpty()) {
            // A 422 says only "X is invalid" in its message; the causes say which field and why.
            line.append(" (").append(status.getDetails().getCauses().stream()
                    .map(c -> c.getField() == null ? c.getMessage() : c.getField() + ": " + c.getMessage())
                    .collect(java.util.stream.Collectors.joining("; "))).append(')');
        }
        return line.toString();
    }
}
