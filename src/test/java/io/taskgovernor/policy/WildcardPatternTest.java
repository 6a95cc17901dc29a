package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardPatternTest {
    @ParameterizedTest
    @CsvSource({
            "indices:data/read/search*, indices:data/read/search, true",
            "indices:data/read/search*, indices:data/read/search[phase/query], true",
            "indices:data/read/search*, indices:data/read/esql, false",
            "indices:data/read/search, indices:data/read/search[phase/query], false",
            "indices:data/read/search, indices:data/read/search, true",
            "*, anything, true",
            "**, '', true",
            "*[c], health-node[c], true",
            "*[c], health-node[c]x, false",
            "*search*, indices:data/read/search[phase/query], true",
            "cluster:*/health, cluster:monitor/health, true",
            "cluster:*/health, cluster:monitor/health/x, false",
            "a*b*c, abc, true",
            "a*b*c, aXbYc, true",
            "a*b*c, acb, false",
            "ab*ba, aba, false",
            "kibana-*, kibana-, true",
            "Kibana-*, kibana-x, false"})
    void matchesLikeElasticsearch(String pattern, String value, boolean matches) {
        assertThat(WildcardPattern.of(pattern).matches(value)).isEqualTo(matches);
    }

    @org.junit.jupiter.api.Test
    void nullNeverMatchesAndEmptyPatternsAreRefused() {
        assertThat(WildcardPattern.of("*").matches(null)).isFalse();
        assertThatThrownBy(() -> WildcardPattern.of("")).isInstanceOf(IllegalArgumentException.class);
    }
}
