package io.taskgovernor.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskgovernor.elasticsearch.ClusterUnavailableException;
import io.taskgovernor.testing.FakeCluster;
import io.taskgovernor.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrivilegeCheckTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final FakeCluster cluster = new FakeCluster();
    private final PrivilegeCheck check = new PrivilegeCheck(clock);

    @Test
    void asksWhenFirstReachedThenOnlyEveryRecheck() {
        cluster.lackPrivileges("cancel_task");

        assertThat(check.missing(cluster)).containsExactly("cancel_task");
        clock.advance(PrivilegeCheck.RECHECK.minusSeconds(1));
        cluster.lackPrivileges();
        assertThat(check.missing(cluster)).as("still the last answer").containsExactly("cancel_task");
        assertThat(cluster.privilegeChecks()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(check.missing(cluster)).as("the role was fixed").isEmpty();
        assertThat(cluster.privilegeChecks()).isEqualTo(2);
    }

    @Test
    void aClusterThatCannotAnswerLacksNothingKnownAndIsAskedAgainAfterRecheck() {
        FakeCluster down = new FakeCluster();
        down.failWith(() -> new ClusterUnavailableException("connection refused", null));
        PrivilegeCheck onDown = new PrivilegeCheck(clock);

        assertThat(onDown.missing(down)).isEmpty();
        assertThat(onDown.missing(down)).isEmpty();
        assertThat(down.privilegeChecks()).as("not asked on every pass while it fails").isEqualTo(1);
        clock.advance(PrivilegeCheck.RECHECK);
        down.failWith(null);
        down.lackPrivileges("monitor");
        assertThat(onDown.missing(down)).containsExactly("monitor");
    }
}
