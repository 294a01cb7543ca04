package dev.barron.experiments;

import dev.barron.model.Labelled;

/** Where the student's initial W0 comes from. */
public enum InitKind implements Labelled {
    /** Entries N(0, initScale^2). */
    GAUSSIAN,
    /** Entries N(0, 1/d). */
    XAVIER,
    /** W0 (and optionally a0) read from .npy or .csv files. */
    FILES;

    public static InitKind parse(String text) {
        return Labelled.parse(InitKind.class, "init", text);
    }
}
