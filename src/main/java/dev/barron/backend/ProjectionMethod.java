package dev.barron.backend;

import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Labelled;

/** How to map a network onto the path-norm ball {||theta||_P &lt;= R} (docs/MATH.md section 5.2). */
public enum ProjectionMethod implements Labelled {
    /** Bisection on lambda for the smallest lambda whose exact prox is feasible. */
    PROX_BISECTION,
    /** Scale all parameters by sqrt(R / P); cheap and always feasible. */
    RESCALE,
    /** Balance each neuron to |w_i|_1 = 1, then project u_i = a_i |w_i|_1 onto the l1 ball of radius R/s. */
    L1_OUTER;

    /**
     * The argument checks every backend applies before projecting: a radius &gt;= 0, a method, and
     * relu for l1-outer (balancing preserves f only for a positively 1-homogeneous activation).
     */
    public static void checkArguments(double radius, ProjectionMethod method, Activation activation) {
        Check.nonNegative("radius", radius);
        if (method == null) {
            throw Check.bad("method", "null", "allowed: " + Labelled.allowed(ProjectionMethod.class));
        }
        if (method == L1_OUTER && activation != Activation.RELU) {
            throw Check.bad("activation", activation.label(),
                    "l1-outer balances neurons, which preserves f only for relu");
        }
    }

    public static ProjectionMethod parse(String text) {
        return Labelled.parse(ProjectionMethod.class, "method", text);
    }
}
