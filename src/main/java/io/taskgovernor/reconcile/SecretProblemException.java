package io.taskgovernor.reconcile;

/** A referenced Secret or key is missing or unusable. The Secret informer retries when it changes. */
public class SecretProblemException extends Exception {
    public SecretProblemException(String message) {
        super(message);
    }
}
