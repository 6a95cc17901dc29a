package io.taskgovernor.policy;

/**
 * An Elasticsearch-style pattern: {@code *} matches any run of characters, everything else is literal,
 * case-sensitive. Matching avoids regular expressions so that user input cannot blow up matching time.
 */
public final class WildcardPattern {
    private final String pattern;
    private final String[] parts;
    private final boolean leadingStar;
    private final boolean trailingStar;

    private WildcardPattern(String pattern) {
        this.pattern = pattern;
        this.leadingStar = pattern.startsWith("*");
        this.trailingStar = pattern.endsWith("*");
        this.parts = java.util.Arrays.stream(pattern.split("\\*+"))
                .filter(p -> !p.isEmpty())
                .toArray(String[]::new);
    }

    public static WildcardPattern of(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("a pattern cannot be empty");
        }
        return new WildcardPattern(pattern);
    }

    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        if (parts.length == 0) {
            return true; // only stars
        }
        int from = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean first = i == 0;
            boolean last = i == parts.length - 1;
            if (first && !leadingStar) {
                if (!value.startsWith(part)) {
                    return false;
                }
                from = part.length();
                if (last && !trailingStar) {
                    return value.length() == part.length();
                }
                continue;
            }
            if (last && !trailingStar) {
                return value.length() - part.length() >= from && value.endsWith(part);
            }
            int at = value.indexOf(part, from);
            if (at < 0) {
                return false;
            }
            from = at + part.length();
        }
        return true;
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WildcardPattern other && other.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
