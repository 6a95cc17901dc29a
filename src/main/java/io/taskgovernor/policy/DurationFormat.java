package io.taskgovernor.policy;

import io.taskgovernor.api.SpecSyntax;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in manifests: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 2d}, combinations such as {@code 1m30s}, and ISO-8601 ({@code PT30S}).
 */
public final class DurationFormat {
    public static final String EXAMPLES = SpecSyntax.DURATION_EXAMPLES;
    private static final Pattern SHORT = Pattern.compile("([0-9]+)(" + SpecSyntax.DURATION_UNITS + ")");
    private static final Pattern WHOLE = Pattern.compile(SpecSyntax.SHORT_DURATION);

    private DurationFormat() {}

    /** @throws IllegalArgumentException with a message fit for a validation problem */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty (" + EXAMPLES + ")");
        }
        String value = text.strip();
        if (value.startsWith("P") || value.startsWith("p") || value.startsWith("-P")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(quote(text) + " is not a duration (" + EXAMPLES + ")");
            }
        }
        if (!WHOLE.matcher(value).matches()) {
            throw new IllegalArgumentException(quote(text) + " is not a duration (" + EXAMPLES + ")");
        }
        Duration total = Duration.ZERO;
        Matcher matcher = SHORT.matcher(value);
        try {
            while (matcher.find()) {
                long amount = Long.parseLong(matcher.group(1));
                total = total.plus(switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(quote(text) + " is too large");
        }
        return total;
    }

    /** The short form: {@code 2m}, {@code 1m30s}, {@code 1.5s} below a minute with milliseconds. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder out = new StringBuilder();
        long days = duration.toDays();
        long hours = duration.toHoursPart();
        long minutes = duration.toMinutesPart();
        long seconds = duration.toSecondsPart();
        long ms = duration.toMillisPart();
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || ms > 0) {
            if (ms > 0 && days == 0 && hours == 0 && minutes == 0) {
                out.append(String.format(java.util.Locale.ROOT, "%.1fs", seconds + ms / 1000.0));
            } else if (seconds > 0) {
                out.append(seconds).append('s');
            }
        }
        return out.toString();
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
