package dev.barron.experiments;

import dev.barron.model.Labelled;

/** How the outer weights are fitted (docs/MATH.md section 12): a random-features norm, or the trained network. */
public enum RfmMethod implements Labelled {
    /** p = 2: ridge in closed form (Cholesky), lambda = 0 the minimum-norm fit (SVD). The RKHS. */
    L2,
    /** p = 1: l1-regularised least squares by FISTA with restart. */
    L1,
    /** 1 &lt;= p &lt;= 2 given: FISTA with the prox of |u|^p. */
    LP,
    /** Both layers trained in the path-norm ball G_R (the erm fit) on the same sample. */
    NETWORK;

    /** The exponent of the norm of a: 2, 1, the given p; NaN for the network. */
    public double exponent(double p) {
        return switch (this) {
            case L2 -> 2;
            case L1 -> 1;
            case LP -> p;
            case NETWORK -> Double.NaN;
        };
    }

    public static RfmMethod parse(String text) {
        return Labelled.parse(RfmMethod.class, "method", text);
    }
}
