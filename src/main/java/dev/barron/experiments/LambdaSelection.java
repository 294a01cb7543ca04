package dev.barron.experiments;

import dev.barron.model.Labelled;

/** How lambda is chosen (docs/MATH.md section 12.4). */
public enum LambdaSelection implements Labelled {
    /** lambda as given. */
    FIXED,
    /** the grid value with the least squared error on a held-out tail of the sample, then refitted on all of it. */
    VALIDATION,
    /** the grid value with the least exact excess risk: the optimally regularised fit (an oracle, not a learner). */
    ORACLE;

    public static LambdaSelection parse(String text) {
        return Labelled.parse(LambdaSelection.class, "select", text);
    }
}
