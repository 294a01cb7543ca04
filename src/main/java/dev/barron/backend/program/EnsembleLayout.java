package dev.barron.backend.program;

/**
 * The per-run records of the device ensemble (kernels/ensemble.cl): what the host writes for a
 * run ({@link Config}), what the kernel keeps and the host reads back ({@link State}), and the
 * status word's codes ({@link Status}). The kernels index the records with
 * BARRON_ENS_CFG_&lt;NAME&gt;, BARRON_ENS_ST_&lt;NAME&gt; and test the status against
 * BARRON_ENS_&lt;NAME&gt;, generated from these enums ({@link KernelConstants}).
 */
public final class EnsembleLayout {

    private EnsembleLayout() {
    }

    /** One run's settings, a row of reals per run. */
    public enum Config {
        /** The step of the first attempt (the guard halves it per restart). */
        LR,
        /** StopRules.maxSteps. */
        MAX_STEPS,
        /** StopRules.lossBelow (0: off). */
        LOSS_BELOW,
        /** StopRules.gradTolerance (0: off). */
        GRAD_TOL,
        /** DivergenceGuard.lossBound. */
        LOSS_BOUND,
        /** DivergenceGuard.gradBound. */
        GRAD_BOUND,
        /** DivergenceGuard.maxRestarts. */
        MAX_RESTARTS,
        /** 1 when the outer weights a train, else 0. */
        TRAIN_OUTER;

        public static final int SIZE = values().length;
    }

    /** One run's state, a row of reals per run. */
    public enum State {
        /** A {@link Status} code. */
        STATUS,
        /** Steps taken since the last (re)start. */
        STEP,
        /** Restarts by the guard so far. */
        RESTARTS,
        /** Loss at the last evaluation. */
        LOSS,
        /** max_i |grad_{w_i} L| at the last evaluation. */
        MAX_NEURON,
        /** |grad| at the last evaluation (with the outer weights when trained). */
        GRAD_NORM;

        public static final int SIZE = values().length;
    }

    /** The status word: running, or why the run stopped. */
    public enum Status {
        RUNNING, GRADIENT, LOSS, BUDGET, DIVERGED,
        /** A row norm left [2^-400, 2^400]: the host trains the run again on the single-run path. */
        OUT_OF_RANGE;

        public int code() {
            return ordinal();
        }
    }

    /** The row norms the kernel handles without rescaling (as the CPU's small paths). */
    public static final double LOW = 0x1p-400;
    public static final double HIGH = 0x1p400;

    /**
     * The reals of a work-group's local cache in ensemble_gd (31 KiB of f64, under the 32 KiB that
     * every OpenCL GPU gives a group): runs whose arrays fit it (every survey shape up to
     * m = k = d = 20) step in local memory.
     */
    public static final int LOCAL_REALS = 3968;

    /** The local reals a run of shape (m, k, d) needs, as ensemble_local_reals (ensemble.cl) counts them. */
    public static long localReals(int m, int k, int d) {
        return 2L * m * d + m + (long) k * d + k + (5L * m + k) + 3L * m * (m + k);
    }
}
