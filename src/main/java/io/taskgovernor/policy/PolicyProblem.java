package io.taskgovernor.policy;

/** One thing wrong with a policy: where (a field path such as spec.rules[0].maxRuntime) and what. */
public record PolicyProblem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
