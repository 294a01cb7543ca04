package dev.barron.backend.opencl;

import dev.barron.math.LambdaBisection;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

/**
 * Path norm, prox and the three projections (docs/MATH.md section 5) on a {@link DeviceState}, in place,
 * with the semantics of the CPU reference (dev.barron.backend.cpu.PathNormOperations): the same
 * bracket and stopping rule for the bisection, the same treatment of zero neurons, and the same
 * final guard that shrinks the outer weights by a few ulps if rounding left the norm above R.
 * The bisection loop runs on the host, but every prox and path norm runs on the device: one
 * scalar (the candidate's path norm) crosses per bisection step.
 */
final class PathNormOps implements AutoCloseable {


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
        scratch = q.alloc(Math.max(2 * md, m));
        wCand = q.alloc(md);
        aCand = q.alloc(m);
        wPrev = q.alloc(md);
        aPrev = q.alloc(m);
        tau = q.alloc(1);
    }

    double pathNormL1() {
        return st.pathNormL1(st.u, st.ab, terms);
    }

    /**
     * Prox at lambda (lambda s per neuron); pathTerms land in terms, and with writeResult the point
     * in the candidate buffers. sorted: the scratch already holds this state's sorted magnitudes.
     */
    private void proxToCandidate(double lambda, boolean sorted, boolean writeResult) {
        q.launch("prox_neurons").mem(st.u).mem(st.ab).i(st.m).i(st.d).r(lambda * st.scale).mem(scratch)
                .i(sorted ? 1 : 0).i(writeResult ? 1 : 0).mem(wCand).mem(aCand).mem(objTerms).mem(terms)
                .run(st.m, q.program.group());
    }

    /** {objective, path norm} of the prox at lambda; the prox stays in the candidate buffers. */
    double[] prox(double lambda) {
        proxToCandidate(lambda, false, true);
        double objective = st.sum(objTerms, st.m, 2);
        double norm = st.pathNormL1(wCand, aCand, terms);
        return new double[] {objective, norm};
    }

    Network readCandidate() {
        return st.shape.withWeights(new Matrix(st.m, st.d, q.read(wCand, 0, st.m * st.d)), q.read(aCand, 0, st.m));
    }

    /** Moves the current parameters onto the ball; the state holds the result afterwards. */
    ProjectionResult project(double radius, ProjectionMethod method) {
        ProjectionMethod.checkArguments(radius, method, st.shape.activation());
        double p0 = pathNormL1();
        if (p0 <= radius) {
            return new ProjectionResult(st.read(), p0, 0, 0);
        }
        q.copy(st.u, 0, wPrev, 0, (long) st.m * st.d);
        q.copy(st.ab, 0, aPrev, 0, st.m);
        double lambda = 0;
        switch (method) {
            case RESCALE:
                scale(Math.sqrt(radius) / Math.sqrt(p0), true); // sqrt(R / P) underflows: R = 1e-300, P = 1e300
                break;
            case L1_OUTER:
                q.launch("l1_balance").mem(st.u).mem(st.ab).i(st.m).i(st.d).mem(terms).mem(objTerms)
                        .run(st.m, q.program.group());
                q.launch("l1_ball_threshold").mem(terms).i(st.m).r(radius / st.scale).mem(scratch).mem(tau).run(1, 1);
                q.launch("l1_apply").mem(terms).mem(tau).mem(objTerms).i(st.m).mem(st.ab).run(st.m, q.program.group());
                break;
            default:
                lambda = bisect(radius);
                q.copy(wCand, 0, st.u, 0, (long) st.m * st.d);
                q.copy(aCand, 0, st.ab, 0, st.m);
                break;
        }
        st.rowNorms(0, st.m);
        double reached = pathNormL1();
        double eps = st.q.real.precision().epsilon();
        for (int attempt = 0; reached > radius && attempt < 64; attempt++) {
            scale(radius / reached * (1 - 4 * eps * (attempt + 1)), false);
            reached = pathNormL1();
        }
        q.launch("distance_terms").mem(st.u).mem(st.ab).mem(wPrev).mem(aPrev).i(st.m).i(st.d).mem(terms)
                .run(st.m, q.program.group());
        double distance = st.norm(terms, st.m, 3);
        return new ProjectionResult(st.read(), reached, distance, lambda);
    }

    private void scale(double factor, boolean includeW) {
        q.launch("scale_params").mem(st.u).mem(st.ab).i(st.m).i(st.d).r(factor).i(includeW ? 1 : 0)
                .run(Math.max((long) st.m * st.d, st.m), q.program.group());
    }

    /**
     * The smallest feasible lambda to double resolution: P(prox_lambda) is non-increasing in
     * lambda and 0 at lambda s = 1 (no support candidate is left), so [0, 1/s] brackets it.
     * Leaves the prox at the returned lambda in the candidate buffers.
     */
    private double bisect(double radius) {
        // The first prox sorts every neuron on the device; the later ones reuse the sort.
        boolean[] sorted = {false};
        double lambda = LambdaBisection.smallestFeasible(st.scale, mid -> {
            proxToCandidate(mid, sorted[0], false);
            sorted[0] = true;
            return st.scale * st.sum(terms, st.m, 1) <= radius;
        });
        proxToCandidate(lambda, false, true);
        return lambda;
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {terms, objTerms, scratch, wCand, aCand, wPrev, aPrev, tau}) {
            b.close();
        }
    }
}
