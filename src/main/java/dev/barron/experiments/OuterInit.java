package dev.barron.experiments;

import dev.barron.model.Labelled;

/** The initial outer weights a0 when they are not read from a file. */
public enum OuterInit implements Labelled {
    /** a_i = |w_i|, so that |a_i| = |w_i| as the small-initialisation theory assumes. */
    BALANCED,
    /** a_i = 1. */
    ONES;

    public static OuterInit parse(String text) {
        return Labelled.parse(OuterInit.class, "outer-init", text);
    }
}
