package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.NodeFailure;
import io.taskgovernor.enforce.CancelRefusal;
import io.taskgovernor.enforce.PassResult;
import io.taskgovernor.enforce.PolicyResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the CLI tells the user on stderr about one cluster, pass after pass: every failed listing and
 * incomplete listing; the first good pass after failures; a refused cancel once when it starts (not
 * on every pass) and once when a cancel gets through again; a policy's warning (such as a node spec that
 * selects no node) when it first appears.
 */
final class ClusterWatch {
    private final URI url;
    private boolean failing;
    private boolean refused;
    private Set<String> warned = Set.of();

    ClusterWatch(URI url) {
        this.url = url;
    }

    /** The lines to print for this pass, oldest concern first; none when all is well. */
    synchronized List<String> noticesFor(PassResult result) {
        List<String> lines = new ArrayList<>();
        if (result.failure() != null) {
            failing = true;
            lines.add("cluster " + url + ": " + ClusterTrouble.describe(result.failure()));
            return lines;
        }
        if (failing) {
            failing = false;
            lines.add("cluster " + url + " is reachable again");
        }
        // A pass between listings goes on the last listing, whose node failures were said with it.
        for (NodeFailure failure : result.listed() ? result.listing().nodeFailures() : List.<NodeFailure>of()) {
            lines.add("cluster " + url + ": incomplete listing, " + failure);
        }
        Set<String> warnings = new LinkedHashSet<>();
        for (PolicyResult policy : result.policies()) {
            policy.warnings().forEach(w -> warnings.add("policy " + policy.policy().key() + ": " + w));
        }
        warnings.stream().filter(w -> !warned.contains(w)).forEach(lines::add);
        warned = warnings;
        Optional<CancelRefusal> refusal = result.cancelRefusal();
        if (refusal.isPresent() && !refused) {
            refused = true;
            lines.add("cluster " + url + ": " + refusal.get().explanation());
        } else if (refused && result.cancelAuthorized()) {
            refused = false;
            lines.add("cluster " + url + ": cancels are accepted again");
        }
        return lines;
    }

    /** The exit code this pass means for {@code run --once}. */
    static int exitCode(PassResult result) {
        if (result.failure() != null) {
            return ClusterTrouble.exitCode(result.failure());
        }
        return result.cancelRefusal().isPresent() ? ExitCode.UNAUTHORIZED : ExitCode.OK;
    }
}
