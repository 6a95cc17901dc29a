package io.taskgovernor.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;

/**
 * What an ECK {@code Elasticsearch} resource says of its cluster, read from its status as ECK writes it
 * (elastic/cloud-on-k8s, {@code ElasticsearchStatus}): {@code health} is {@code green}, {@code yellow},
 * {@code red} or {@code unknown} (ECK's value until it has observed the cluster), {@code phase} is ECK's
 * orchestration phase ({@code Ready}, {@code ApplyingChanges}, {@code MigratingData}, {@code Stalled},
 * {@code Invalid}).
 *
 * @param health {@code unknown} when the resource has no status yet
 * @param phase  null when ECK has not set one
 */
public record ElasticsearchHealth(String health, String phase) {
    public static final String UNKNOWN = "unknown";

    /** Read from the resource as the generic client returns it; never fails on an odd status. */
    public static ElasticsearchHealth of(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> fields)) {
            return new ElasticsearchHealth(UNKNOWN, null);
        }
        Object health = fields.get("health");
        Object phase = fields.get("phase");
        return new ElasticsearchHealth(health instanceof String h && !h.isBlank() ? h : UNKNOWN,
                phase instanceof String p && !p.isBlank() ? p : null);
    }

    @Override
    public String toString() {
        return "health " + health + (phase == null ? "" : ", phase " + phase);
    }
}
