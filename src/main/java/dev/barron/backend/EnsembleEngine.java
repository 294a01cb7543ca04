package dev.barron.backend;

/**
 * How a backend's ensemble engine trains its runs (docs/ENSEMBLES.md); a backend without an
 * engine of its own trains them one after the other whatever is asked.
 */
public enum EnsembleEngine {
    /**
     * Runs across SIMD lanes in lockstep (f64 relu runs on the CPU), vector transcendentals:
     * within the tolerance docs/ENSEMBLES.md states of the single-run trainer. The default.
     */
    LANES,
    /** One run per core at a time, plain loops for small runs: rounding of the sum order only. */
    PER_RUN,
    /** Every run by the single-run trainer, in parallel over cores: bit for bit its results. */
    EXACT
}
