package dev.barron.train;

import dev.barron.model.Labelled;

/** Why a run ended. */
public enum StopReason implements Labelled {
    /** The step budget was used up. */
    BUDGET("budget"),
    /** The loss fell below its threshold. */
    LOSS("loss"),
    /** max_i |grad_{w_i} L| fell to the tolerance: a stationary point. */
    GRADIENT("gradient"),
    /** Non-finite or unbounded loss or gradient after the allowed restarts. */
    DIVERGED("diverged");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
