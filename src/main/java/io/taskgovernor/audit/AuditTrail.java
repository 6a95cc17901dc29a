package io.taskgovernor.audit;

import io.taskgovernor.elasticsearch.ClusterException;
import io.taskgovernor.elasticsearch.DataStreamWriter;
import io.taskgovernor.elasticsearch.ElasticsearchError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit documents to one data stream on one cluster, on a thread of its own, so that
 * enforcement never waits for it:
 * <ul>
 *   <li>{@link #offer} never blocks: a full buffer drops the document and counts it;</li>
 *   <li>documents go out in bulk requests of at most {@code batchSize}; a request the cluster does not
 *       answer, or documents it refuses for now (429, 5xx), are sent again after a back-off that doubles
 *       from {@code firstBackoff} up to {@code maxBackoff} (meanwhile new documents wait in the buffer);</li>
 *   <li>documents refused for good (400, 401, 403, 404: a mapping conflict, missing privileges) are
 *       counted and not sent again: the same request would get the same answer;</li>
 *   <li>{@link #close} sends what is buffered, for at most its flush time; the rest counts as dropped.</li>
 * </ul>
 */
public final class AuditTrail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    /**
     * How a trail buffers and retries.
     *
     * @param capacity     documents the buffer holds; more are dropped
     * @param batchSize    documents a bulk request carries at most
     * @param firstBackoff the first wait before a retry; it doubles up to {@code maxBackoff}
     * @param flushTime    how long {@link #close} may spend sending what is buffered
     */
    public record Settings(int capacity, int batchSize, Duration firstBackoff, Duration maxBackoff, Duration flushTime) {
        public static final Settings DEFAULT = new Settings(10_000, 500, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofSeconds(10));
    }

    /**
     * What a trail did so far.
     *
     * @param written     documents the cluster stored
     * @param dropped     documents never sent: the buffer was full, or close ran out of time
     * @param refused     documents the cluster refused for good
     * @param retries     bulk requests sent again
     * @param buffered    documents waiting now
     * @param problem     the last problem while it lasts (cleared by a request that writes), else null
     * @param problemSince when that problem began, else null
     */
    public record Health(long written, long dropped, long refused, long retries, int buffered, String problem,
                         Instant problemSince) {
        public boolean failing() {
            return problem != null;
        }
    }

    private final java.util.function.Supplier<DataStreamWriter> opener;
    private final String dataStream;
    /** Opened on the trail's own thread: the first client costs class loading a poller should not wait for. */
    private volatile DataStreamWriter writer;
    private final Settings settings;
    private final Clock clock;
    private final BlockingQueue<Map<String, Object>> buffer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Thread thread;
    private volatile String problem;
    private volatile Instant problemSince;
    private volatile boolean closing;
    /** Set when the trail's thread has ended: documents offered from then on are dropped at once. */
    private volatile boolean stopped;
    private volatile Instant flushDeadline;
    /** Told, on the trail's thread, when it starts or stops failing, and when its first document is written. */
    private volatile Runnable onChange = () -> { };

    /**
     * @param writer     opens the bulk client, on the trail's thread
     * @param dataStream the data stream that client writes to
     */
    public AuditTrail(java.util.function.Supplier<DataStreamWriter> writer, String dataStream, Settings settings, Clock clock) {
        this.opener = writer;
        this.dataStream = dataStream;
        this.settings = settings;
        this.clock = clock;
        this.buffer = new ArrayBlockingQueue<>(settings.capacity());
        this.thread = new Thread(this::run, "audit-" + dataStream);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a document over without waiting. @return false when it was dropped (buffer full, or closing) */
    public boolean offer(Map<String, Object> document) {
        if (closing || stopped || !buffer.offer(document)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    public Health health() {
        return new Health(written.get(), dropped.get(), refused.get(), retries.get(), buffer.size(), problem, problemSince);
    }

    public String dataStream() {
        return dataStream;
    }

    /** @param onChange told, on the trail's thread, when it starts or stops failing and when it first writes */
    public void onChange(Runnable onChange) {
        this.onChange = onChange;
    }

    private void run() {
        List<Map<String, Object>> batch = new ArrayList<>();
        try {
            writer = opener.get();
            while ((!closing || !buffer.isEmpty()) && !pastFlushDeadline() && !Thread.currentThread().isInterrupted()) {
                Map<String, Object> first = buffer.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, settings.batchSize() - 1);
                if (!deliver(batch)) {
                    break;
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // No client (e.g. a CA that does not parse): nothing can be written.
            problemNow("cannot open a client: " + e);
        }
        // Whatever could not be sent before close's flush time ran out.
        stopped = true;
        dropped.addAndGet(batch.size() + buffer.size());
        buffer.clear();
    }

    /** Sends one batch until it is written or refused. @return false when close's flush time ran out */
    private boolean deliver(List<Map<String, Object>> batch) throws InterruptedException {
        List<Map<String, Object>> pending = new ArrayList<>(batch);
        Duration backoff = settings.firstBackoff();
        while (true) {
            if (pastFlushDeadline()) {
                batch.clear();
                batch.addAll(pending);
                return false;
            }
            try {
                DataStreamWriter.BulkOutcome outcome = writer.write(pending);
                boolean first = written.get() == 0 && outcome.written() > 0;
                written.addAndGet(outcome.written());
                refused.addAndGet(outcome.refused());
                if (outcome.refused() > 0) {
                    problemNow(outcome.refused() + " document(s) refused: " + outcome.firstRefusal());
                } else if (outcome.written() > 0) {
                    problemGone();
                }
                if (first) {
                    onChange.run();
                }
                if (outcome.retryable().isEmpty()) {
                    batch.clear();
                    return true;
                }
                List<Map<String, Object>> again = new ArrayList<>();
                outcome.retryable().forEach(i -> again.add(pending.get(i)));
                pending.clear();
                pending.addAll(again);
                problemNow(again.size() + " document(s) refused for now (429 or 5xx), retrying");
            } catch (ClusterException e) {
                if (e instanceof ElasticsearchError error && !error.isUnavailable()) {
                    refused.addAndGet(pending.size());
                    problemNow(e.getMessage());
                    batch.clear();
                    return true;
                }
                problemNow(e.getMessage());
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    batch.clear();
                    batch.addAll(pending);
                    return false; // close gave up on a request outlasting the flush time
                }
                refused.addAndGet(pending.size());
                problemNow(e.toString());
                batch.clear();
                return true;
            }
            if (closing && flushDeadline != null && clock.instant().plus(backoff).isAfter(flushDeadline)) {
                batch.clear();
                batch.addAll(pending);
                return false;
            }
            retries.incrementAndGet();
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    private boolean pastFlushDeadline() {
        Instant deadline = flushDeadline;
        return closing && deadline != null && clock.instant().isAfter(deadline);
    }

    private void problemNow(String message) {
        if (problem == null) {
            problemSince = clock.instant();
            problem = message;
            LOG.warn("audit data stream {}: {}", dataStream, message);
            onChange.run();
        }
        problem = message;
    }

    private void problemGone() {
        if (problem != null) {
            problem = null;
            problemSince = null;
            LOG.info("audit data stream {}: writing again", dataStream);
            onChange.run();
        }
    }

    /** Sends what is buffered, for at most the flush time, then stops; what is left is counted as dropped. */
    @Override
    public void close() {
        flushDeadline = clock.instant().plus(settings.flushTime());
        closing = true;
        try {
            thread.join(settings.flushTime().plusSeconds(1).toMillis());
            if (thread.isAlive()) {
                // A bulk request outlasting the flush time: give up on it.
                thread.interrupt();
                thread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            DataStreamWriter opened = writer;
            if (opened != null) {
                opened.close();
            }
        }
    }
}
