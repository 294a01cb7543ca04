package dev.barron.experiments;

import dev.barron.model.Check;
import dev.barron.model.Matrix;

/** A given sample: inputs x (n x d, row-major) and labels y (length n), all finite. */
public record ErmData(Matrix x, double[] y) {

    public ErmData {
        if (x == null || y == null) {
            throw Check.bad(x == null ? "X" : "y", "null", "a sample needs inputs and labels");
        }
        if (y.length != x.rows()) {
            throw Check.bad("y", "length " + y.length, "must equal the number of rows of X, n = " + x.rows());
        }
        Check.positive("n", x.rows());
        Check.finite("X", x.data());
        Check.finite("y", y);
    }
}
