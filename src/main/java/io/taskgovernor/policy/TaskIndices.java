package io.taskgovernor.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The indices a task names, read from its description in a detailed listing ({@code _tasks?detailed=true}). Names
 * are as the request wrote them: patterns ({@code logs-*}), aliases and data streams are not resolved.
 *
 * <p>Shapes read (Elasticsearch 8.19 and 9.x; the ones the test distribution can run were captured on real nodes,
 * see {@code src/test/resources/descriptions/README.md}):
 * <ul>
 *   <li>search, async search, msearch, bulk: {@code indices[a,b], search_type[…]}, {@code requests[2], indices[a, b]}
 *       ({@code SearchRequest#getDescription}, {@code MultiSearchRequest}, {@code BulkRequest});</li>
 *   <li>a search's shard-level task: {@code shardId[[a][0]]} ({@code ShardSearchRequest});</li>
 *   <li>bulk shard requests: {@code requests[1000], index[a][0]};</li>
 *   <li>reindex: {@code reindex from [a, b] to [dest]} (a remote source prefixed by {@code [host=…]}); update and
 *       delete by query: {@code update-by-query [a, b]}, {@code delete-by-query [a]}
 *       ({@code AbstractBulkByScrollRequest#searchToString}, {@code ReindexRequest#toString});</li>
 *   <li>ES|QL: the query itself, {@code FROM a, b | …} or {@code TS a | …} ({@code EsqlQueryRequest}), and its data
 *       node tasks {@code shards=[a][0]}.</li>
 * </ul>
 * Anything else (no description, {@code [all indices]}, driver and scroll tasks, a shape not listed) is unreadable.
 */
public final class TaskIndices {
    private TaskIndices() {}

    /** The indices, in the order written; empty when the description is absent or not a shape read here. */
    public static Optional<List<String>> of(String description) {
        if (description == null || description.isBlank()) {
            return Optional.empty();
        }
        String d = description.strip();
        if (d.startsWith("indices[")) {
            return bracketList(d, "indices[".length());
        }
        if (d.startsWith("requests[")) {
            int at = d.indexOf("], indices[");
            if (at > 0) {
                return bracketList(d, at + "], indices[".length());
            }
            at = d.indexOf("], index[");
            return at > 0 ? bracketList(d, at + "], index[".length()) : Optional.empty();
        }
        if (d.startsWith("shardId[[")) {
            return bracketList(d, "shardId[[".length());
        }
        if (d.startsWith("shards=")) {
            return shardNames(d.substring("shards=".length()));
        }
        if (d.startsWith("reindex from ")) {
            return reindex(d);
        }
        if (d.startsWith("update-by-query [") || d.startsWith("delete-by-query [")) {
            return bracketList(d, d.indexOf('[') + 1);
        }
        return esqlSource(d);
    }

    /** The comma-separated names from {@code from} up to the next ']'. */
    private static Optional<List<String>> bracketList(String d, int from) {
        int end = d.indexOf(']', from);
        if (end < 0) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (String name : d.substring(from, end).split(",")) {
            String trimmed = name.strip();
            if (!trimmed.isEmpty()) {
                names.add(trimmed);
            }
        }
        // "[all indices]" (a by-query over everything) names no index: unreadable, not "no index".
        if (names.isEmpty() || names.equals(List.of("all indices"))) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(names));
    }

    /** {@code [a][0]} or {@code [[a][0], [b][1]]}: each index once. */
    private static Optional<List<String>> shardNames(String d) {
        List<String> names = new ArrayList<>();
        int at = 0;
        while ((at = d.indexOf('[', at)) >= 0) {
            int end = d.indexOf(']', at);
            if (end < 0) {
                break;
            }
            String inner = d.substring(at + 1, end);
            if (!inner.isEmpty() && inner.charAt(0) != '[' && !inner.chars().allMatch(Character::isDigit)
                    && !names.contains(inner)) {
                names.add(inner);
            }
            at = at + 1;
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(names));
    }

    private static Optional<List<String>> reindex(String d) {
        int to = d.lastIndexOf(" to [");
        if (to < 0 || !d.endsWith("]")) {
            return Optional.empty();
        }
        Optional<List<String>> destination = bracketList(d, to + " to [".length());
        // Index names hold no '[': the source list is the last bracket before " to [" (a remote source's
        // "[host=…]" comes before it).
        int sourceStart = d.lastIndexOf('[', to);
        Optional<List<String>> source = sourceStart < 0 ? Optional.empty() : bracketList(d, sourceStart + 1);
        if (source.isEmpty() || destination.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(source.get());
        destination.get().stream().filter(n -> !names.contains(n)).forEach(names::add);
        return Optional.of(List.copyOf(names));
    }

    /** {@code FROM a, "b" METADATA _id | …} or {@code TS a | …}: the source command's index list. */
    private static Optional<List<String>> esqlSource(String d) {
        String upper = d.toUpperCase(Locale.ROOT);
        int from;
        if (upper.startsWith("FROM ")) {
            from = 5;
        } else if (upper.startsWith("TS ")) {
            from = 3;
        } else {
            return Optional.empty();
        }
        int end = d.indexOf('|', from);
        String list = (end < 0 ? d.substring(from) : d.substring(from, end)).strip();
        int metadata = list.toUpperCase(Locale.ROOT).indexOf(" METADATA ");
        if (metadata >= 0) {
            list = list.substring(0, metadata);
        }
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            String trimmed = name.strip();
            if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            if (trimmed.isEmpty() || trimmed.chars().anyMatch(Character::isWhitespace)) {
                return Optional.empty();
            }
            names.add(trimmed);
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(names));
    }
}
