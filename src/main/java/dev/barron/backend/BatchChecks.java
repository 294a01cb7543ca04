package dev.barron.backend;

import dev.barron.model.Check;
import dev.barron.model.FloatMatrix;
import dev.barron.model.Matrix;

/** The checks every backend applies to a data batch before computing on it, with the same messages. */
public final class BatchChecks {

    private BatchChecks() {
    }

    /** Rejects a missing or empty batch, a batch of the wrong dimension and non-finite entries. */
    public static void batch(Matrix x, int d) {
        batchShape(x, d);
        Check.finite("X", x.data());
    }

    /**
     * {@link #batch} without its scan for entries that are not finite, for a caller that checks
     * them as it reads them (the cpu forward pass, which spares a large batch a pass).
     */
    public static void batchShape(Matrix x, int d) {
        shape(x == null, x == null ? 0 : x.rows(), x == null ? 0 : x.cols(), d);
    }

    /** {@link #batchShape(Matrix, int)} for a float batch. */
    public static void batchShape(FloatMatrix x, int d) {
        shape(x == null, x == null ? 0 : x.rows(), x == null ? 0 : x.cols(), d);
    }

    private static void shape(boolean missing, int rows, int cols, int d) {
        if (missing) {
            throw Check.bad("X", "null", "a data matrix (n x d) is required");
        }
        if (rows < 1) {
            throw Check.bad("X rows (n)", rows, "the batch needs at least one sample");
        }
        if (cols != d) {
            throw Check.bad("X cols (d)", cols, "must equal the network's input dimension d = " + d);
        }
    }

    /** Rejects targets that are missing, of another length than the batch, or not finite. */
    public static void targets(Matrix x, double[] y) {
        if (y == null || y.length != x.rows()) {
            throw Check.bad("y length", y == null ? "null" : y.length, "must equal the number of samples n = " + x.rows());
        }
        Check.finite("y", y);
    }
}
