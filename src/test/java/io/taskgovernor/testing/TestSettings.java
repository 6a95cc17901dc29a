package io.taskgovernor.testing;

import io.taskgovernor.reconcile.OperatorSettings;
import java.time.Duration;
import java.util.Set;

/** Operator settings for tests: the default Lease name, a free health port, no exit on losing the Lease. */
public final class TestSettings {
    /**
     * How long closing a poller waits for a pass that ignores its interrupt (production: 5 s). Only a test that
     * holds a cancel on purpose ({@code FakeCluster.holdCancels}) meets that wait, and its scenario is the pass
     * outliving the close however long the wait: a shorter one makes the same scenario 5 s sooner.
     */
    public static final Duration POLLER_CLOSE_WAIT = Duration.ofMillis(200);

    private TestSettings() {
    }

    /**
     * Governs every policy it can see, refusing references across namespaces, no Secret namespace for
     * ClusterTaskPolicies.
     *
     * @param leaseNamespace null disables leader election
     */
    public static OperatorSettings settings(Set<String> namespaces, String leaseNamespace, Duration leaseDuration,
            String identity) {
        return new OperatorSettings(namespaces, OperatorSettings.DEFAULT_LEASE_NAME, leaseNamespace, leaseDuration,
                identity, 0, false, null, false, null, POLLER_CLOSE_WAIT);
    }
}
