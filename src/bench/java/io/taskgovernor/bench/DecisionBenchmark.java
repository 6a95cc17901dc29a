package io.taskgovernor.bench;

import co.elastic.clients.elasticsearch.tasks.ListResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.core.JsonFactory;
import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TaskListingMapper;
import io.taskgovernor.elasticsearch.TaskListingParser;
import io.taskgovernor.policy.ResolvedNodes;
import io.taskgovernor.policy.CompiledPolicy;
import io.taskgovernor.policy.Evaluation;
import io.taskgovernor.policy.TaskDecider;
import java.util.List;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * From the bytes of a {@code _tasks?group_by=nodes} answer to the governor's decisions.
 *
 * <ul>
 *   <li>{@code officialClient}: the production path — the official client's JSON mapping
 *       ({@link JacksonJsonpMapper} + {@link ListResponse#_DESERIALIZER}), {@link TaskListingMapper}, then
 *       {@link TaskDecider#evaluate} with the typical policy;</li>
 *   <li>{@code streamingParser}: {@link TaskListingParser} (Jackson streaming straight into RunningTask),
 *       then the same {@link TaskDecider#evaluate};</li>
 *   <li>{@code bareJacksonParse}: the floor — a Jackson token loop reading the same fields, no decisions;</li>
 *   <li>{@code decideOnly}: {@link TaskDecider#evaluate} on an already parsed listing.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class DecisionBenchmark {
    @Param({"10000", "100000"})
    public int tasks;

    byte[] bytes;
    JacksonJsonpMapper mapper;
    JsonFactory jsonFactory;
    CompiledPolicy policy;
    TaskDecider decider;
    TaskListing parsed;
    Instant observedAt;

    @Setup(Level.Trial)
    public void setUp() {
        bytes = TasksResponseGenerator.generate(tasks);
        mapper = new JacksonJsonpMapper();
        jsonFactory = new JsonFactory();
        policy = BenchPolicies.typical();
        decider = new TaskDecider();
        observedAt = Instant.ofEpochMilli(TasksResponseGenerator.NOW_MILLIS);
        parsed = officialListing(this);
    }

    static TaskListing officialListing(DecisionBenchmark s) {
        var parser = s.mapper.jsonProvider().createParser(new ByteArrayInputStream(s.bytes));
        ListResponse response = ListResponse._DESERIALIZER.deserialize(parser, s.mapper);
        return TaskListingMapper.toListing(response, s.observedAt);
    }

    @Benchmark
    public Evaluation officialClient() {
        return decider.evaluate(List.of(policy), officialListing(this), ResolvedNodes.NONE).get(0);
    }

    @Benchmark
    public Evaluation streamingParser() throws IOException {
        return decider.evaluate(List.of(policy), TaskListingParser.parse(bytes, observedAt), ResolvedNodes.NONE).get(0);
    }

    @Benchmark
    public int bareJacksonParse(Blackhole bh) throws IOException {
        return BareTasksParse.parse(jsonFactory, bytes,
                (key, nodeName, node, type, action, start, running, cancellable, cancelled, parent, opaqueId) -> {
                    bh.consume(key);
                    bh.consume(nodeName);
                    bh.consume(node);
                    bh.consume(type);
                    bh.consume(action);
                    bh.consume(start);
                    bh.consume(running);
                    bh.consume(cancellable);
                    bh.consume(cancelled);
                    bh.consume(parent);
                    bh.consume(opaqueId);
                });
    }

    @Benchmark
    public Evaluation decideOnly() {
        return decider.evaluate(List.of(policy), parsed, ResolvedNodes.NONE).get(0);
    }
}
