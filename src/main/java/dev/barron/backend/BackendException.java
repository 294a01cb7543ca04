package dev.barron.backend;

/** A backend could not do its work: no device, out of device memory, a lost device, a failed kernel build. */
public class BackendException extends RuntimeException {

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
