package dev.barron.train;

import dev.barron.model.Labelled;

/** Why a run ended. */
public enum StopReason implements Labelled {
    /** The step budget was used up. */
    BUDGET,
    /** The loss fell below its threshold. */
    LOSS,
    /** max_i |grad_{w_i} L| fell to the tolerance: a stationary point. */
    GRADIENT,
    /** Non-finite or unbounded loss or gradient after the allowed restarts. */
    DIVERGED;
}
