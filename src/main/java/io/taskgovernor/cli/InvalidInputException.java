package io.taskgovernor.cli;

/** Bad input from the user; the message is shown as is and the exit code is 2. */
final class InvalidInputException extends RuntimeException {
    InvalidInputException(String message) {
        super(message);
    }
}
