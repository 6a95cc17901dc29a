package io.taskgovernor.reconcile;

import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.PolicyKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands what pollers observed to the reconciler: the latest observation per policy, and the
 * decisions not yet written to status and events. Decisions are kept until drained, so a status
 * patch that fails loses nothing: the next reconcile writes them.
 */
public final class PassLedger {
    /**
     * Above this many unrecorded decisions the oldest are dropped from the list (and so from
     * recentDecisions and events); their outcomes are still tallied, so the counters in status
     * stay exact.
     */
    static final int MAX_PENDING_DECISIONS = 1_000;

    private final Map<PolicyKey, Entry> entries = new ConcurrentHashMap<>();

    /**
     * What the reconciler takes from the ledger in one go.
     *
     * @param dropped the decisions that fell off the pending list since the last drain
     */
    public record Snapshot(PolicyObservation latest, List<Decision> newDecisions, Tally dropped) {
        static final Snapshot EMPTY = new Snapshot(null, List.of(), Tally.NONE);

        /** Every decision since the last drain, listed or dropped, by what it counts towards. */
        public Tally tally() {
            return Tally.of(newDecisions).plus(dropped);
        }
    }

    /** Decisions counted by outcome, as status counts them. */
    public record Tally(Map<Outcome, Long> byOutcome) {
        static final Tally NONE = new Tally(Map.of());

        public Tally {
            byOutcome = Map.copyOf(byOutcome);
        }

        static Tally of(List<Decision> decisions) {
            Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
            decisions.forEach(d -> counts.merge(d.outcome(), 1L, Long::sum));
            return new Tally(counts);
        }

        Tally plus(Tally other) {
            Map<Outcome, Long> sum = new EnumMap<>(Outcome.class);
            byOutcome.forEach((outcome, n) -> sum.merge(outcome, n, Long::sum));
            other.byOutcome.forEach((outcome, n) -> sum.merge(outcome, n, Long::sum));
            return new Tally(sum);
        }

        public long total() {
            return byOutcome.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Cancellations Elasticsearch accepted ({@link Outcome#cancelled()}). */
        public long cancelled() {
            return byOutcome.entrySet().stream().filter(e -> e.getKey().cancelled()).mapToLong(Map.Entry::getValue).sum();
        }
    }

    private static final class Entry {
        PolicyObservation latest;
        final List<Decision> pending = new ArrayList<>();
        Tally dropped = Tally.NONE;
    }

    public void record(PolicyKey policyKey, PolicyObservation observation) {
        Entry entry = entries.computeIfAbsent(policyKey, k -> new Entry());
        synchronized (entry) {
            entry.latest = observation;
            entry.pending.addAll(observation.decisions());
            int excess = entry.pending.size() - MAX_PENDING_DECISIONS;
            if (excess > 0) {
                List<Decision> oldest = entry.pending.subList(0, excess);
                entry.dropped = entry.dropped.plus(Tally.of(oldest));
                oldest.clear();
            }
        }
    }

    /** Takes the new decisions out; call {@link #giveBack} if they could not be recorded. */
    public Snapshot drain(PolicyKey policyKey) {
        Entry entry = entries.get(policyKey);
        if (entry == null) {
            return Snapshot.EMPTY;
        }
        synchronized (entry) {
            Snapshot snapshot = new Snapshot(entry.latest, List.copyOf(entry.pending), entry.dropped);
            entry.pending.clear();
            entry.dropped = Tally.NONE;
            return snapshot;
        }
    }

    public void giveBack(PolicyKey policyKey, Snapshot snapshot) {
        Entry entry = entries.computeIfAbsent(policyKey, k -> new Entry());
        synchronized (entry) {
            entry.pending.addAll(0, snapshot.newDecisions());
            entry.dropped = entry.dropped.plus(snapshot.dropped());
        }
    }

    public void forget(PolicyKey policyKey) {
        entries.remove(policyKey);
    }
}
