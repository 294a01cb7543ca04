package dev.barron.experiments;

import dev.barron.model.Labelled;

/** Where the student's initial W0 comes from. */
public enum InitKind implements Labelled {
    /** Entries N(0, initScale^2). */
    GAUSSIAN("gaussian"),
    /** Entries N(0, 1/d). */
    XAVIER("xavier"),
    /** W0 (and optionally a0) read from .npy or .csv files. */
    FILES("files");

    private final String label;

    InitKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static InitKind parse(String text) {
        return Labelled.parse(InitKind.class, "init", text);
    }
}
