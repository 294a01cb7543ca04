package dev.barron.backend.program;

/**
 * The named device buffers the operations work on. u = [W; V] ((m + k) x d, students first) and
 * ab = [a; b], so that one Gram product W u^T gives W W^T and W V^T side by side and one product
 * C u assembles the gradient; us holds the rows of u scaled by powers of two (kernels/scaling.cl:
 * u_r = 2^exps[r] us_r, norms = |us_r|), so that rows from 1e-320 to 1e300 give the same answers
 * as rows of size one.
 */
public enum Buf {
    U, AB, NORMS, US, EXPS,
    /** Gram of the student rows against all rows (m x (m + k)) and its pair coefficients. */
    GRAM, COEF,
    /** The teacher's Gram and coefficients (k x k), for the loss constant 1/2 b^T K(V, V) b. */
    GRAM_T, COEF_T,
    ROW_LOSS, GRAD_W, GRAD_A, ROW_SCALE, GRAD_ROW_NORMS,
    /** {loss, max_i |grad w_i|, |grad|} of an evaluation. Crosses to the host with every evaluation. */
    STATS(true, false),
    /** [0] a path norm sum, [1] the prox's own path norm, [2] the prox objective, [3] a distance. */
    SCALARS,
    TERMS, OBJ_TERMS, SCRATCH, W_CAND, A_CAND, W_PREV, A_PREV, TAU,
    /** The batch: samples (n x d), targets (crosses to the device with every evaluation), hidden layer and work. */
    X(false, true), Y(true, true), H(false, true), DERIV(false, true), RESIDUAL(false, true), LOSS_PARTS(false, true);

    private final boolean exchange;
    private final boolean batch;

    Buf() {
        this(false, false);
    }

    Buf(boolean exchange, boolean batch) {
        this.exchange = exchange;
        this.batch = batch;
    }

    /**
     * A buffer that crosses between host and device with every execution that touches it (a
     * driver that keeps its resident buffers in one array keeps these apart).
     */
    public boolean exchange() {
        return exchange;
    }

    /** Sized by the batch: absent (one element) while n = 0. */
    public boolean batch() {
        return batch;
    }

    /** Its number of reals, at least one so that empty shapes need no special case. */
    long size(long m, long k, long d, long n) {
        long rows = m + k;
        long count = switch (this) {
            case U, US -> rows * d;
            case AB, NORMS, EXPS, ROW_LOSS, GRAD_A, ROW_SCALE -> rows;
            case GRAM, COEF -> m * rows;
            case GRAM_T, COEF_T -> k * k;
            case GRAD_W, W_CAND, W_PREV -> m * d;
            case GRAD_ROW_NORMS, TERMS, OBJ_TERMS, A_CAND, A_PREV -> m;
            case STATS -> 3;
            case SCALARS -> 4;
            case SCRATCH -> Math.max(2 * m * d, m);
            case TAU -> 1;
            case X -> n * d;
            case H, DERIV -> n * m;
            case Y, RESIDUAL, LOSS_PARTS -> n;
        };
        return Math.max(1, count);
    }
}
