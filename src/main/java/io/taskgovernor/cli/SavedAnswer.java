package io.taskgovernor.cli;

import io.taskgovernor.elasticsearch.TaskListing;
import io.taskgovernor.elasticsearch.TaskListingParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A {@code GET _tasks?group_by=nodes} answer kept in a file ({@code --save}) as the bytes
 * Elasticsearch wrote, and read back ({@code --replay}) through the parser a live pass uses.
 */
final class SavedAnswer {
    private SavedAnswer() {}

    static void write(Path file, byte[] answer) {
        try {
            Files.write(file, answer);
        } catch (IOException e) {
            throw new InvalidInputException("--save " + file + ": cannot be written (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /**
     * @return the saved tasks, their running times as they were when the answer was written (a replay
     *         judges the moment of the save), observed now
     */
    static TaskListing read(Path file) {
        byte[] answer;
        try {
            answer = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException("--replay " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return TaskListingParser.parse(answer, Instant.now());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("--replay " + file + ": not a saved _tasks answer (save one with "
                    + "`tasks --save FILE` or `run --once --save FILE`): " + e.getMessage());
        }
    }
}
