package io.taskgovernor.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

public class CancellationSpec {
    @JsonPropertyDescription("After cancelling, wait (at most waitTimeout) for the tasks to finish.")
    private boolean waitForCompletion;

    @JsonPropertyDescription("Upper bound of the wait for all tasks cancelled in one pass (e.g. 30s). Default " + SpecDefaults.WAIT_TIMEOUT + ".")
    @Pattern(SpecSyntax.DURATION)
    private String waitTimeout;

    @JsonPropertyDescription("At most this many tasks are cancelled per pass, oldest first. Default " + SpecDefaults.MAX_PER_RUN + ".")
    @Min(1)
    @Max(SpecSyntax.MAX_PER_RUN_LIMIT)
    private Integer maxPerRun;

    public boolean isWaitForCompletion() { return waitForCompletion; }
    public void setWaitForCompletion(boolean waitForCompletion) { this.waitForCompletion = waitForCompletion; }
    public String getWaitTimeout() { return waitTimeout; }
    public void setWaitTimeout(String waitTimeout) { this.waitTimeout = waitTimeout; }
    public Integer getMaxPerRun() { return maxPerRun; }
    public void setMaxPerRun(Integer maxPerRun) { this.maxPerRun = maxPerRun; }
}
