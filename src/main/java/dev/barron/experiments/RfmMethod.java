package dev.barron.experiments;

import dev.barron.model.Check;

/** How the outer weights are fitted (docs/MATH.md section 12): a random-features norm, or the trained network. */
public enum RfmMethod {
    /** p = 2: ridge in closed form (Cholesky), lambda = 0 the minimum-norm fit (SVD). The RKHS. */
    L2("l2"),
    /** p = 1: l1-regularised least squares by FISTA with restart. */
    L1("l1"),
    /** 1 &lt;= p &lt;= 2 given: FISTA with the prox of |u|^p. */
    LP("lp"),
    /** Both layers trained in the path-norm ball G_R (the erm fit) on the same sample. */
    NETWORK("network");

    private final String label;

    RfmMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

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
        for (RfmMethod v : values()) {
            if (v.label.equals(text)) {
                return v;
            }
        }
        throw Check.bad("method", text, "allowed: l2, l1, lp, network");
    }
}
