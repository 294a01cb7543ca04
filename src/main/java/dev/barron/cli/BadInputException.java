package dev.barron.cli;

import dev.barron.backend.BackendException;
import dev.barron.model.Check;

import java.util.function.Supplier;

/**
 * The user asked for something that cannot be done as given: exit status 2, one line saying
 * which parameter, its value and what is allowed. Thrown only while inputs are read and
 * checked, before anything is computed or written.
 */
public final class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public static BadInputException of(String parameter, Object value, String allowed) {
        return new BadInputException(Check.bad(parameter, value, allowed).getMessage());
    }

    /**
     * Runs the reading and checking of inputs; an IllegalArgumentException there (the io
     * readers and model.Check name the parameter) or a backend that cannot be opened as asked
     * is the user's to fix, so it becomes a BadInputException.
     */
    public static <T> T guard(Supplier<T> inputPhase) {
        try {
            return inputPhase.get();
        } catch (IllegalArgumentException | BackendException e) {
            throw new BadInputException(e.getMessage());
        }
    }
}
