package io.taskgovernor.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time of this JVM split by who spent it, between two snapshots: the whole process (JIT
 * compiler and GC included), and the live Java threads whose names a predicate picks (such as the
 * mock API server's Vert.x threads). Threads that ended between the snapshots are not counted in
 * a group, only in the process total. In nanoseconds of CPU.
 */
final class ThreadCpu {
    private final long process;
    private final Map<Long, Long> byThread;
    private final Map<Long, String> names;

    private ThreadCpu(long process, Map<Long, Long> byThread, Map<Long, String> names) {
        this.process = process;
        this.byThread = byThread;
        this.names = names;
    }

    static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> byThread = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long cpu = threads.getThreadCpuTime(thread.getId());
            if (cpu >= 0) {
                byThread.put(thread.getId(), cpu);
                names.put(thread.getId(), thread.getName());
            }
        }
        long process = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new ThreadCpu(process, byThread, names);
    }

    /** Process CPU from {@code before} to this snapshot. */
    long processSince(ThreadCpu before) {
        return process - before.process;
    }

    /** CPU of the threads alive now whose names {@code picked} accepts, since {@code before} (0 for a thread new since). */
    long threadsSince(ThreadCpu before, Predicate<String> picked) {
        long sum = 0;
        for (var entry : byThread.entrySet()) {
            if (picked.test(names.get(entry.getKey()))) {
                sum += entry.getValue() - before.byThread.getOrDefault(entry.getKey(), 0L);
            }
        }
        return sum;
    }
}
