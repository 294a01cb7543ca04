package dev.barron.backend;

/**
 * The size of the work at hand, which decides whether an accelerator pays for its overheads.
 *
 * @param m student width
 * @param k teacher width (0 if none)
 * @param d input dimension
 * @param n batch size of empirical work (0 if none)
 */
public record ProblemSize(int m, int k, int d, int n) {

    /** Flops of one population loss-and-gradient evaluation: the two Gram products and the assembly. */
    public double populationFlops() {
        return 4.0 * m * (double) (m + k) * d;
    }

    /** Flops of one empirical evaluation: forward and backward through n x d x m. */
    public double empiricalFlops() {
        return 4.0 * n * (double) d * m;
    }
}
