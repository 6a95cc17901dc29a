package io.taskgovernor.testing;

import io.taskgovernor.reconcile.OperatorSettings;
import java.time.Duration;
import java.util.Set;

/** Operator settings for tests: the default Lease name, a free health port, no exit on losing the Lease. */
public final class TestSettings {
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
                identity, 0, false, null, false, null);
    }
}
