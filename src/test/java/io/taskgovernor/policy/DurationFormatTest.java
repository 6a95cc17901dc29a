package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFormatTest {
    @ParameterizedTest
    @CsvSource({"500ms,500", "30s,30000", "5m,300000", "1h,3600000", "2d,172800000", "1m30s,90000",
            "PT2M,120000", "PT0.5S,500", " 10s ,10000"})
    void parsesShortFormsCombinationsAndIso(String text, long millis) {
        assertThat(DurationFormat.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 minutes", "5", "m", "-5s", "1.5s", "10S", "PTx", "1h-2m"})
    void rejectsWhatIsNotADurationWithExamples(String text) {
        assertThatThrownBy(() -> DurationFormat.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\" is not a duration (examples: 500ms, 30s, 5m, 1h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void rejectsEmptyText(String text) {
        assertThatThrownBy(() -> DurationFormat.parse(text)).hasMessageStartingWith("is empty");
    }

    @org.junit.jupiter.api.Test
    void rejectsNumbersTooLargeToHold() {
        assertThatThrownBy(() -> DurationFormat.parse("99999999999999999999d")).hasMessageContaining("too large");
        assertThatThrownBy(() -> DurationFormat.parse("9223372036854775807d")).hasMessageContaining("too large");
    }

    @ParameterizedTest
    @CsvSource({"0,0s", "250,250ms", "1500,1.5s", "12345,12.3s", "60000,1m", "90000,1m30s", "3600000,1h",
            "3725000,1h2m5s", "172800000,2d"})
    void formatsTheShortForm(long millis, String text) {
        assertThat(DurationFormat.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
