package io.taskgovernor.policy;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A task's description (for a search: {@code indices[...], search_type[...], source[<the query>]}) as a
 * decision keeps it: at most a limit of UTF-8 bytes, cut between characters, never inside one.
 *
 * @param text      the kept prefix
 * @param bytes     the whole description's length in UTF-8 bytes
 * @param truncated whether {@code text} is shorter than the description
 */
public record DescriptionSnapshot(String text, int bytes, boolean truncated) {

    /** @return null when there is no description (a listing without detail, or none set on the task) */
    public static DescriptionSnapshot of(String description, int limitBytes) {
        if (description == null) {
            return null;
        }
        int total = description.getBytes(StandardCharsets.UTF_8).length;
        if (total <= limitBytes) {
            return new DescriptionSnapshot(description, total, false);
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer out = ByteBuffer.allocate(limitBytes);
        CharBuffer in = CharBuffer.wrap(description);
        // An encoder stops on overflow before a character that does not fit whole, so a surrogate pair is never split.
        encoder.encode(in, out, true);
        return new DescriptionSnapshot(description.substring(0, in.position()), total, true);
    }
}
