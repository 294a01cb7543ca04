package dev.barron.backend;

import dev.barron.math.LambdaBisection;

/**
 * The projections onto {||theta||_P &lt;= R} (docs/MATH.md section 5.2) with their guards, on
 * any backend's {@link ResidentState}: an early exit for a feasible point, the method, and a
 * final guard that shrinks the outer weights by a few ulps while rounding leaves the norm above
 * R, so that every result is feasible.
 */
public final class PathNormProjection {

    private static final int GUARD_ATTEMPTS = 64;

    private PathNormProjection() {
    }

    /** Moves the state's parameters onto the ball; the state holds the result afterwards. */
    public static ProjectionResult project(ResidentState st, double radius, ProjectionMethod method) {
        ProjectionMethod.checkArguments(radius, method, st.shape().activation());
        double p0 = st.pathNormL1();
        if (p0 <= radius) {
            return new ProjectionResult(st.read(), p0, 0, 0);
        }
        st.saveForProjection();
        double lambda = 0;
        switch (method) {
            // sqrt(R / P) would underflow for R = 1e-300, P = 1e300
            case RESCALE -> st.rescale(Math.sqrt(radius) / Math.sqrt(p0));
            case L1_OUTER -> st.l1Outer(radius);
            case PROX_BISECTION -> {
                lambda = bisect(st, radius);
                st.acceptProx(lambda);
            }
        }
        double reached = st.projectedNorm();
        double eps = st.precision().epsilon();
        for (int attempt = 0; reached > radius && attempt < GUARD_ATTEMPTS; attempt++) {
            reached = st.shrinkOuter(radius / reached * (1 - 4 * eps * (attempt + 1)));
        }
        return new ProjectionResult(st.read(), reached, st.distanceFromSaved(), lambda);
    }

    /**
     * The smallest feasible lambda to double resolution: P(prox_lambda) does not increase with
     * lambda and is 0 at lambda s = 1 (no support candidate is left), so [0, 1/s] brackets it.
     */
    private static double bisect(ResidentState st, double radius) {
        // The first prox sorts every neuron; the later ones reuse the sort.
        boolean[] sorted = {false};
        return LambdaBisection.smallestFeasible(st.shape().scale(), mid -> {
            double own = st.proxOwnNorm(mid, sorted[0]);
            sorted[0] = true;
            return own <= radius;
        });
    }
}
