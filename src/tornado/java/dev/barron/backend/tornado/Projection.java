package dev.barron.backend.tornado;

import dev.barron.math.LambdaBisection;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.model.Precision;

/**
 * The path-norm projections (docs/MATH.md section 5.2) on a {@link TornadoState}, with the semantics of the
 * CPU reference and the JOCL driver: the same bisection bracket and stopping rule, and the same
 * final guard that shrinks the outer weights by a few ulps if rounding left the norm above R.
 * The bisection loop runs here but every prox and path norm on the device (one graph execution
 * and four scalars back per step).
 */
final class Projection {


    private Projection() {
    }

    static ProjectionResult project(TornadoState st, Precision precision, double radius, ProjectionMethod method) {
        ProjectionMethod.checkArguments(radius, method, st.shape.activation());
        double p0 = st.pathNormL1();
        if (p0 <= radius) {
            return new ProjectionResult(st.read(), p0, 0, 0);
        }
        st.saveForProjection();
        double lambda = 0;
        switch (method) {
            // sqrt(R / P) would underflow for R = 1e-300, P = 1e300
            case RESCALE -> st.rescale(Math.sqrt(radius) / Math.sqrt(p0));
            case L1_OUTER -> st.l1Outer(radius / st.scale);
            default -> {
                lambda = bisect(st, radius);
                st.acceptCandidate();
            }
        }
        double reached = st.projectedNorm();
        double eps = precision.epsilon();
        for (int attempt = 0; reached > radius && attempt < 64; attempt++) {
            reached = st.shrinkOuter(radius / reached * (1 - 4 * eps * (attempt + 1)));
        }
        double distance = st.distanceFromSaved();
        return new ProjectionResult(st.read(), reached, distance, lambda);
    }

    /**
     * The smallest feasible lambda to double resolution: P(prox_lambda) does not increase with
     * lambda and is 0 at lambda s = 1, so [0, 1/s] brackets it. Leaves that prox in the candidate.
     */
    private static double bisect(TornadoState st, double radius) {
        // The first prox sorts every neuron on the device; the later ones reuse the sort, as JOCL does.
        boolean[] sorted = {false};
        double lambda = LambdaBisection.smallestFeasible(st.scale, mid -> {
            double ownNorm = st.proxOwnNorm(mid, sorted[0]);
            sorted[0] = true;
            return ownNorm <= radius;
        });
        st.proxToCandidate(lambda);
        return lambda;
    }
}
