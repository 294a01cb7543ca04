package dev.barron.backend.opencl;

import dev.barron.backend.BackendException;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.model.Check;
import dev.barron.model.Network;

/**
 * Path norm, prox and the three projections (MATH.md 5) on a {@link DeviceState}, in place.
 * The bisection on lambda runs its loop on the host but every prox and path norm on the device:
 * only one scalar (the candidate's path norm) crosses per bisection step.
 */
final class PathNormOps implements AutoCloseable {

    /** Bisection steps at most: 2^-200 of the bracket is far below double resolution. */
    private static final int MAX_BISECTION = 200;

    private final DeviceState st;
    private final ClQueue q;
    private final DeviceBuffer terms;
    private final DeviceBuffer objTerms;
    private final DeviceBuffer scratch;
    private final DeviceBuffer wCand;
    private final DeviceBuffer aCand;
    private final DeviceBuffer wPrev;
    private final DeviceBuffer aPrev;
    private final DeviceBuffer tau;

    PathNormOps(DeviceState st) {
        this.st = st;
        this.q = st.q;
        int m = st.m;
        long md = (long) m * st.d;
        terms = q.alloc(m);
        objTerms = q.alloc(m);
        scratch = q.alloc(Math.max(md, m));
        wCand = q.alloc(md);
        aCand = q.alloc(m);
        wPrev = q.alloc(md);
        aPrev = q.alloc(m);
        tau = q.alloc(1);
    }

    double pathNormL1() {
        return st.pathNormL1(terms);
    }

    /** Prox of lambda * P into (wCand, aCand); returns {objective, path norm} (two scalars read). */
    double[] proxToCandidate(double lambda) {
        q.launch("prox_neurons").mem(st.u).mem(st.ab).i(st.m).i(st.d).r(lambda * st.scale).r(st.scale).mem(scratch)
                .mem(wCand).mem(aCand).mem(objTerms).mem(terms).run(st.m, q.program.group());
        double norm = st.sum(terms, st.m, 1);
        double objective = st.sum(objTerms, st.m, 2);
        return new double[] {objective, norm};
    }

    private double candidateNorm(double lambda) {
        q.launch("prox_neurons").mem(st.u).mem(st.ab).i(st.m).i(st.d).r(lambda * st.scale).r(st.scale).mem(scratch)
                .mem(wCand).mem(aCand).mem(objTerms).mem(terms).run(st.m, q.program.group());
        return st.sum(terms, st.m, 1);
    }

    Network readCandidate() {
        return st.shape.withWeights(new dev.barron.model.Matrix(st.m, st.d, q.read(wCand, 0, st.m * st.d)),
                q.read(aCand, 0, st.m));
    }

    /** Moves the current parameters onto the ball; the state holds the result afterwards. */
    ProjectionResult project(double radius, ProjectionMethod method) {
        Check.nonNegative("radius", radius);
        if (method == null) {
            throw Check.bad("method", "null", "allowed: prox-bisection, rescale, l1-outer");
        }
        double p0 = pathNormL1();
        if (p0 <= radius) {
            return new ProjectionResult(st.read(), p0, 0, 0);
        }
        q.copy(st.u, 0, wPrev, 0, (long) st.m * st.d);
        q.copy(st.ab, 0, aPrev, 0, st.m);
        double lambda = 0;
        switch (method) {
            case RESCALE:
                q.launch("scale_params").mem(st.u).mem(st.ab).i(st.m).i(st.d).r(Math.sqrt(radius / p0))
                        .run((long) st.m * st.d, q.program.group());
                break;
            case L1_OUTER:
                q.launch("l1_balance").mem(st.u).mem(st.ab).i(st.m).i(st.d).mem(terms).run(st.m, q.program.group());
                q.launch("l1_ball_threshold").mem(terms).i(st.m).r(radius / st.scale).mem(scratch).mem(tau).run(1, 1);
                q.launch("l1_apply").mem(terms).mem(tau).i(st.m).mem(st.ab).run(st.m, q.program.group());
                break;
            default:
                lambda = bisect(radius);
                q.copy(wCand, 0, st.u, 0, (long) st.m * st.d);
                q.copy(aCand, 0, st.ab, 0, st.m);
                break;
        }
        st.rowNorms(0, st.m);
        double reached = pathNormL1();
        q.launch("distance_terms").mem(st.u).mem(st.ab).mem(wPrev).mem(aPrev).i(st.m).i(st.d).mem(terms)
                .run(st.m, q.program.group());
        double distance = Math.sqrt(st.sum(terms, st.m, 3));
        return new ProjectionResult(st.read(), reached, distance, lambda);
    }

    /** The smallest lambda (to double resolution) whose prox is feasible; leaves that prox in the candidate. */
    private double bisect(double radius) {
        double lo = 0;
        double hi = 1;
        int guard = 0;
        while (candidateNorm(hi) > radius) {
            lo = hi;
            hi *= 2;
            if (++guard > 2000) {
                throw new BackendException("opencl: prox-bisection found no feasible lambda up to " + hi);
            }
        }
        for (int it = 0; it < MAX_BISECTION; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (candidateNorm(mid) <= radius) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        candidateNorm(hi);
        return hi;
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {terms, objTerms, scratch, wCand, aCand, wPrev, aPrev, tau}) {
            b.close();
        }
    }
}
