package dev.barron.backend.tornado;

import dev.barron.backend.BackendException;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Network;
import dev.barron.model.Precision;

/**
 * The path-norm projections (MATH.md 5.2) on a {@link TornadoState}, with the semantics of the
 * CPU reference: the bisection on lambda runs its loop here but every prox and path norm on the
 * device (one graph execution and four scalars back per bisection step).
 */
final class Projection {

    /** Bisection steps at most, as the CPU reference: far below double resolution of [0, 1/s]. */
    private static final int MAX_BISECTION_STEPS = 200;

    private Projection() {
    }

    static ProjectionResult project(TornadoState st, Precision precision, double radius, ProjectionMethod method) {
        Check.nonNegative("radius", radius);
        if (method == null) {
            throw Check.bad("method", "null", "allowed: prox-bisection, rescale, l1-outer");
        }
        if (method == ProjectionMethod.L1_OUTER && st.shape.activation() != Activation.RELU) {
            throw Check.bad("activation", st.shape.activation().label(),
                    "l1-outer balances neurons, which preserves f only for relu");
        }
        double p0 = st.pathNormL1();
        if (p0 <= radius) {
            return new ProjectionResult(st.read(), p0, 0, 0);
        }
        st.saveForProjection();
        double lambda = 0;
        switch (method) {
            case RESCALE -> st.rescale(Math.sqrt(radius / p0));
            case L1_OUTER -> st.l1Outer(radius / st.scale);
            default -> {
                lambda = bisect(st, radius);
                st.acceptCandidate();
            }
        }
        double[] finish = st.finishProjection();
        if (finish[0] > radius) {
            return feasibleOnHost(st, precision, radius, lambda);
        }
        return new ProjectionResult(st.read(), finish[0], Math.sqrt(finish[1]), lambda);
    }

    /**
     * The smallest lambda whose prox is feasible. P(prox_lambda) does not increase with lambda,
     * and at lambda = 1/s no support candidate exists, so [0, 1/s] brackets it (as on the CPU).
     * Leaves the prox at the returned lambda in the candidate.
     */
    private static double bisect(TornadoState st, double radius) {
        double s = st.scale;
        double lo = 0;
        double hi = 1 / s;
        for (int step = 0; step < MAX_BISECTION_STEPS; step++) {
            double mid = 0.5 * (lo + hi);
            if (!(mid > lo && mid < hi)) {
                break;
            }
            if (st.proxToCandidate(mid * s)[1] <= radius) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double norm = st.proxToCandidate(hi * s)[1];
        if (!(norm <= radius * (1 + 1e-6))) {
            throw new BackendException("tornado: prox-bisection ended infeasible (path norm " + norm + " > " + radius
                    + " at lambda " + hi + ")");
        }
        return hi;
    }

    /**
     * Rounding left the result a hair outside the ball: shrink a as the CPU reference does,
     * on the host (rare), and write the result back to the device.
     */
    private static ProjectionResult feasibleOnHost(TornadoState st, Precision precision, double radius,
                                                   double lambda) {
        Network saved = st.readSaved();
        Network out = st.read();
        double norm = HostMath.pathNormL1(out);
        for (int attempt = 0; norm > radius && attempt < 64; attempt++) {
            double factor = radius / norm * (1 - 4 * precision.epsilon() * (attempt + 1));
            double[] a = out.a().clone();
            for (int i = 0; i < a.length; i++) {
                a[i] = precision.round(a[i] * factor);
            }
            out = out.withWeights(out.w(), a);
            norm = HostMath.pathNormL1(out);
        }
        st.write(out);
        return new ProjectionResult(out, norm, HostMath.distance(saved, out), lambda);
    }
}
