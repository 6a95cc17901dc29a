package io.taskgovernor.reconcile;

import io.taskgovernor.enforce.Decision;
import io.taskgovernor.enforce.Outcome;
import io.taskgovernor.policy.PolicyKey;
import java.util.ArrayList;
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
     * recentCancellations and events); their outcomes are still tallied, so the counters in status
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

    /** Decisions counted by what status counts them towards. */
    public record Tally(long total, long cancelled, long failed) {
        static final Tally NONE = new Tally(0, 0, 0);

        static Tally of(List<Decision> decisions) {
            long cancelled = decisions.stream().filter(d -> d.outcome().cancelled()).count();
            long failed = decisions.stream().filter(d -> d.outcome() == Outcome.FAILED).count();
            return new Tally(decisions.size(), cancelled, failed);
        }

        Tally plus(Tally other) {
            return new Tally(total + other.total, cancelled + other.cancelled, failed + other.failed);
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
