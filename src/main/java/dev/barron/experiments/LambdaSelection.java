package dev.barron.experiments;

import dev.barron.model.Check;

/** How lambda is chosen (docs/MATH.md section 12.4). */
public enum LambdaSelection {
    /** lambda as given. */
    FIXED("fixed"),
    /** the grid value with the least squared error on a held-out tail of the sample, then refitted on all of it. */
    VALIDATION("validation"),
    /** the grid value with the least exact excess risk: the optimally regularised fit (an oracle, not a learner). */
    ORACLE("oracle");

    private final String label;

    LambdaSelection(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static LambdaSelection parse(String text) {
        for (LambdaSelection v : values()) {
            if (v.label.equals(text)) {
                return v;
            }
        }
        throw Check.bad("select", text, "allowed: fixed, validation, oracle");
    }
}
