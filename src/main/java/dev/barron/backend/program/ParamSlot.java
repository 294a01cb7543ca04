package dev.barron.backend.program;

/**
 * The slots of the params array that the entry points of kernels/tornado_entries.cl read: the
 * scalars that change between executions of one task graph (TornadoVM bakes a scalar argument
 * into the graph when the graph is built, so a changing scalar must travel in an array). The
 * kernels index the array with BARRON_PARAM_&lt;NAME&gt;, generated from this enum
 * ({@link dev.barron.backend.program.KernelConstants}); nothing else numbers the slots.
 */
public enum ParamSlot {
    /** The learning rate of gd_update. */
    LR,
    /** lambda of prox_neurons (already multiplied by the scaling s). */
    LAMBDA,
    /** The factor of scale_params. */
    FACTOR,
    /** The radius of l1_ball_threshold, already divided by s. */
    RADIUS,
    /** prox_neurons' sortedReady flag, 0 or 1: later proxes of a bisection reuse the first one's sort. */
    SORTED,
    /** prox_neurons' writeResult flag, 0 or 1: without it only the scalars are written. */
    WRITE;

    /** The length of the params array. */
    public static final int COUNT = values().length;

    /** This parameter's index in the params array. */
    public int slot() {
        return ordinal();
    }
}
