package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Index extraction from every description shape in {@code src/test/resources/descriptions/descriptions.tsv}. */
class TaskIndicesTest {
    static Stream<Arguments> shapes() throws IOException {
        try (InputStream in = TaskIndicesTest.class.getResourceAsStream("/descriptions/descriptions.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1))
                    .map(f -> Arguments.of(f[0], f[1], f[2], f[3])).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("shapes")
    void readsTheIndicesOfEachShape(String action, String description, String expected, String source) {
        Optional<List<String>> wanted = expected.equals("-") ? Optional.empty()
                : Optional.of(Arrays.asList(expected.split(",")));
        assertThat(TaskIndices.of(description)).as(source).isEqualTo(wanted);
    }

    @Test
    void theShapesFileHoldsTheCapturedOnesAndTheUncapturedOnes() throws IOException {
        List<Arguments> shapes = shapes().toList();
        assertThat(shapes).hasSizeGreaterThan(15);
        assertThat(shapes).anySatisfy(a -> assertThat((String) a.get()[3]).startsWith("captured"));
    }

    @Test
    void noDescriptionIsUnreadable() {
        assertThat(TaskIndices.of(null)).isEmpty();
        assertThat(TaskIndices.of("  ")).isEmpty();
        assertThat(TaskIndices.of("indices[")).isEmpty();
        assertThat(TaskIndices.of("indices[]")).isEmpty();
    }

    @Test
    void aQueryInTheSearchSourceDoesNotPassForIndices() {
        assertThat(TaskIndices.of("indices[a], search_type[QUERY_THEN_FETCH], source[{\"query\":\"indices[secret]\"}]"))
                .contains(List.of("a"));
    }
}
