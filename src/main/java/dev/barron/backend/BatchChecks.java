package dev.barron.backend;

import dev.barron.model.Check;
import dev.barron.model.Matrix;

/** The checks every backend applies to a data batch before computing on it, with the same messages. */
public final class BatchChecks {

    private BatchChecks() {
    }

    /** Rejects a missing or empty batch, a batch of the wrong dimension and non-finite entries. */
    public static void batch(Matrix x, int d) {
        if (x == null) {
            throw Check.bad("X", "null", "a data matrix (n x d) is required");
        }
        if (x.rows() < 1) {
            throw Check.bad("X rows (n)", x.rows(), "the batch needs at least one sample");
        }
        if (x.cols() != d) {
            throw Check.bad("X cols (d)", x.cols(), "must equal the network's input dimension d = " + d);
        }
        Check.finite("X", x.data());
    }

    /** Rejects targets that are missing, of another length than the batch, or not finite. */
    public static void targets(Matrix x, double[] y) {
        if (y == null || y.length != x.rows()) {
            throw Check.bad("y length", y == null ? "null" : y.length, "must equal the number of samples n = " + x.rows());
        }
        Check.finite("y", y);
    }
}
