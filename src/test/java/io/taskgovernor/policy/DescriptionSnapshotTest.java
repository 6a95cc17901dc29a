package io.taskgovernor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DescriptionSnapshotTest {
    /** A search task's description as Elasticsearch 8.19 writes it (SearchRequest#getDescription). */
    private static final String SEARCH = "indices[logs-*], search_type[QUERY_THEN_FETCH], source[{\"query\":{\"match_all\":{\"boost\":1.0}}}]";

    @Test
    void aDescriptionWithinTheLimitIsKeptWhole() {
        DescriptionSnapshot snapshot = DescriptionSnapshot.of(SEARCH, 1024);

        assertThat(snapshot.text()).isEqualTo(SEARCH);
        assertThat(snapshot.truncated()).isFalse();
        assertThat(snapshot.bytes()).isEqualTo(SEARCH.length());
    }

    @Test
    void aLongerOneIsCutAtTheLimitInBytesAndSaysHowLongItWas() {
        String query = SEARCH.repeat(40);

        DescriptionSnapshot snapshot = DescriptionSnapshot.of(query, 1024);

        assertThat(snapshot.text()).hasSize(1024).isEqualTo(query.substring(0, 1024));
        assertThat(snapshot.truncated()).isTrue();
        assertThat(snapshot.bytes()).isEqualTo(query.length());
    }

    @Test
    void exactlyTheLimitIsNotTruncated() {
        String text = "x".repeat(1024);

        assertThat(DescriptionSnapshot.of(text, 1024).truncated()).isFalse();
        assertThat(DescriptionSnapshot.of(text + "y", 1024).text()).isEqualTo(text);
    }

    @Test
    void aCharacterIsNeverSplitSoTheSnapshotStaysValidUtf8WithinTheLimit() {
        // "é" is 2 bytes, the emoji 4 (a surrogate pair in Java): with 3 bytes left neither fits whole.
        String text = "ab" + "é".repeat(3) + "\uD83D\uDE00" + "tail";

        DescriptionSnapshot twoBytes = DescriptionSnapshot.of(text, 5); // "ab" + "é" = 4 bytes, next é needs 2 more
        DescriptionSnapshot beforeEmoji = DescriptionSnapshot.of(text, 10); // ab + 3 é = 8, emoji needs 4

        assertThat(twoBytes.text()).isEqualTo("abé");
        assertThat(beforeEmoji.text()).isEqualTo("abééé");
        assertThat(DescriptionSnapshot.of(text, 12).text()).isEqualTo("abééé\uD83D\uDE00");
        assertThat(beforeEmoji.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void noDescriptionNoSnapshot() {
        assertThat(DescriptionSnapshot.of(null, 1024)).isNull();
    }
}
