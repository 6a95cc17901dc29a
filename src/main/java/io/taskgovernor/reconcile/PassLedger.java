package io.taskgovernor.reconcile;

import io.taskgovernor.enforce.Decision;
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
    /** Above this many unrecorded decisions the oldest are dropped; counters still count them. */
    static final int MAX_PENDING_DECISIONS = 1_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** What the reconciler takes from the ledger in one go. */
    public record Snapshot(PolicyObservation latest, List<Decision> newDecisions, long droppedDecisions) {
        static final Snapshot EMPTY = new Snapshot(null, List.of(), 0);
    }

    private static final class Entry {
        PolicyObservation latest;
        final List<Decision> pending = new ArrayList<>();
        long dropped;
    }

    public void record(String policyKey, PolicyObservation observation) {
        Entry entry = entries.computeIfAbsent(policyKey, k -> new Entry());
        synchronized (entry) {
            entry.latest = observation;
            entry.pending.addAll(observation.decisions());
            int excess = entry.pending.size() - MAX_PENDING_DECISIONS;
            if (excess > 0) {
                entry.pending.subList(0, excess).clear();
                entry.dropped += excess;
            }
        }
    }

    /** Takes the new decisions out; call {@link #giveBack} if they could not be recorded. */
    public Snapshot drain(String policyKey) {
        Entry entry = entries.get(policyKey);
        if (entry == null) {
            return Snapshot.EMPTY;
        }
        synchronized (entry) {
            Snapshot snapshot = new Snapshot(entry.latest, List.copyOf(entry.pending), entry.dropped);
            entry.pending.clear();
            entry.dropped = 0;
            return snapshot;
        }
    }

    public void giveBack(String policyKey, Snapshot snapshot) {
        Entry entry = entries.computeIfAbsent(policyKey, k -> new Entry());
        synchronized (entry) {
            entry.pending.addAll(0, snapshot.newDecisions());
            entry.dropped += snapshot.droppedDecisions();
        }
    }

    public void forget(String policyKey) {
        entries.remove(policyKey);
    }
}
