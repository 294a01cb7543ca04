package dev.barron.train;

/** Why a run ended. */
public enum StopReason {
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

    public String label() {
        return label;
    }
}
