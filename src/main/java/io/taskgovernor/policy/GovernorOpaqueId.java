package io.taskgovernor.policy;

/**
 * The governor's {@code X-Opaque-Id} protocol. Every request the governor sends carries an id
 * starting with {@value #PREFIX}, and Elasticsearch copies it into the tasks the request starts
 * (the listing itself, the cancel and its ban requests), so the governor recognises and never
 * touches its own work ({@link TaskTree#isProtected}).
 *
 * <ul>
 *   <li>{@value #LIST}: the list call of a pass, and {@code tasks};</li>
 *   <li>{@value #NODES}: resolving the rules' node specifications;</li>
 *   <li>{@code task-governor/<policy key>}: the cancels and waits of one policy, e.g.
 *       {@code task-governor/search/runaway-searches}, or for a ClusterTaskPolicy
 *       {@code task-governor/ClusterTaskPolicy/logs-guardrail} ({@link PolicyKey#toString()}).</li>
 * </ul>
 */
public final class GovernorOpaqueId {
    public static final String PREFIX = "task-governor/";
    public static final String LIST = PREFIX + "list";
    public static final String NODES = PREFIX + "nodes";
    /** The privilege check: {@code check}, and the operator when it first reaches a cluster. */
    public static final String CHECK = PREFIX + "check";

    private GovernorOpaqueId() {
    }

    /** The id of one policy's cancels and waits. */
    public static String of(PolicyKey policy) {
        return PREFIX + policy;
    }

    /** Whether a task's {@code X-Opaque-Id} (null when it has none) is the governor's own. */
    public static boolean isGovernors(String opaqueId) {
        return opaqueId != null && opaqueId.startsWith(PREFIX);
    }
}
