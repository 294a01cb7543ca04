package dev.barron.backend.tornado;

import static dev.barron.backend.tornado.PlanBuilder.in;
import static dev.barron.backend.tornado.PlanBuilder.io;
import static dev.barron.backend.tornado.PlanBuilder.out;

/**
 * The task graphs of the batch (empirical, forward) and path-norm (path norm, prox, projections)
 * operations, each a fixed sequence of prebuilt kernels launched as the JOCL driver launches
 * them. The graphs of the population objective, the update and the read-backs are in
 * {@link TornadoState}.
 */
final class TornadoKernels {

    /** Slots of the params array (kernels/tornado_entries.cl, BARRON_PARAM_*). */
    static final int PARAM_LR = 0;
    static final int PARAM_LAMBDA = 1;
    static final int PARAM_FACTOR = 2;
    static final int PARAM_RADIUS = 3;

    private final PlanBuilder pb;

    TornadoKernels(PlanBuilder pb) {
        this.pb = pb;
    }

    /**
     * empirical: hidden layer with its derivative, output layer with residuals and loss parts,
     * back-propagation (P = D .* e / n, dL/dW = P^T X, dL/da = s H^T e / n), the step scalars.
     * forward: hidden layer and output layer; both the predictions and H come back.
     */
    void batchGraphs(TornadoState.Batch b, RealStore u, RealStore ab, RealStore gradW, RealStore gradA,
                     RealStore stats, int m, int d, Object s, int act, boolean includeOuter) {
        int n = b.n;
        double sv = ((Number) s).doubleValue();
        Object lossScale = RealStore.scalar(b.x.precision(), 0.5 / n);
        Object invN = RealStore.scalar(b.x.precision(), 1.0 / n);
        Object one = RealStore.scalar(b.x.precision(), 1.0);
        Object zero = RealStore.scalar(b.x.precision(), 0.0);
        Object sOverN = RealStore.scalar(b.x.precision(), sv / n);
        pb.graph("empirical").consume(u, ab).upload(b.x, b.y)
                .task("tornado_hidden_layer", pb.tiles(m, n), in(b.x), in(u), in(ab), s, n, m, d, act, out(b.h),
                        out(b.deriv), 1)
                .task("tornado_output_layer", pb.groups(n), in(b.h), in(ab), s, n, m, in(b.y), 1, lossScale,
                        out(b.residual), out(b.lossParts))
                .task("tornado_backprop_scale", pb.tiles(m, n), io(b.deriv), in(b.residual), n, m, invN)
                .task("tornado_matmul_strided", pb.tiles(d, m), in(b.deriv), 1, m, in(b.x), d, 1, out(gradW), d, m,
                        d, n, one)
                .task("tornado_outer_gradient", pb.items(m), in(b.h), in(b.residual), n, m, sOverN, io(gradA))
                .task("tornado_step_stats", pb.reduction(), in(b.lossParts), n, in(gradW), m, d, in(gradA),
                        includeOuter ? 1 : 0, out(stats))
                .download(stats).persist(u, ab, gradW, gradA).done();
        pb.graph("forward").consume(u, ab).upload(b.x)
                .task("tornado_hidden_layer", pb.tiles(m, n), in(b.x), in(u), in(ab), s, n, m, d, act, out(b.h),
                        out(b.deriv), 0)
                .task("tornado_output_layer", pb.groups(n), in(b.h), in(ab), s, n, m, in(b.y), 0, zero,
                        out(b.residual), out(b.lossParts))
                .download(b.h, b.residual).persist(u, ab).done();
    }

    /**
     * pathNorm: per-neuron terms and their compensated sum into scalars[0].
     * prox: the exact prox of every neuron at params[LAMBDA] into the candidate, its path norm
     * into scalars[1] and objective into scalars[2]. readCandidate brings the candidate back.
     * projectionSave copies (W, a) aside; rescale, l1Outer and acceptCandidate move (W, a) onto
     * the ball; projectionFinish refreshes the norms and puts the path norm into scalars[0] and
     * the squared distance moved into scalars[3]; readSaved brings the saved copy back.
     */
    void pathNormGraphs(RealStore u, RealStore ab, RealStore norms, RealStore wCand, RealStore aCand,
                        RealStore wPrev, RealStore aPrev, RealStore params, RealStore terms, RealStore objTerms,
                        RealStore scratch, RealStore tau, RealStore scalars, int m, int d, Object s) {
        int md = m * d;
        pb.graph("pathNorm").consume(u, ab)
                .task("tornado_path_norm_terms", pb.items(m), in(u), in(ab), m, d, s, out(terms))
                .task("tornado_sum_reduce", pb.reduction(), in(terms), m, io(scalars), 0)
                .download(scalars).persist(u, ab).done();
        pb.graph("prox").consume(u, ab).upload(params)
                .task("tornado_prox_neurons", pb.items(m), in(u), in(ab), m, d, in(params), s, out(scratch),
                        out(wCand), out(aCand), out(objTerms), out(terms))
                .task("tornado_sum_reduce", pb.reduction(), in(terms), m, io(scalars), 1)
                .task("tornado_sum_reduce", pb.reduction(), in(objTerms), m, io(scalars), 2)
                .download(scalars).persist(u, ab, wCand, aCand).done();
        pb.graph("readCandidate").consume(wCand, aCand)
                .task("tornado_touch", pb.single(), io(wCand), io(aCand), io(aCand))
                .download(wCand, aCand).persist(wCand, aCand).done();
        pb.graph("projectionSave").consume(u, ab)
                .task("tornado_copy", pb.items(md), in(u), 0, out(wPrev), 0, md)
                .task("tornado_copy", pb.items(m), in(ab), 0, out(aPrev), 0, m)
                .persist(u, ab, wPrev, aPrev).done();
        pb.graph("rescale").consume(u, ab).upload(params)
                .task("tornado_scale_params", pb.items(md), io(u), io(ab), m, d, in(params))
                .persist(u, ab).done();
        pb.graph("l1Outer").consume(u, ab).upload(params)
                .task("tornado_l1_balance", pb.items(m), io(u), in(ab), m, d, out(terms))
                .task("tornado_l1_ball_threshold", pb.single(), in(terms), m, in(params), out(scratch), out(tau))
                .task("tornado_l1_apply", pb.items(m), in(terms), in(tau), m, io(ab))
                .persist(u, ab).done();
        pb.graph("acceptCandidate").consume(u, ab, wCand, aCand)
                .task("tornado_copy", pb.items(md), in(wCand), 0, io(u), 0, md)
                .task("tornado_copy", pb.items(m), in(aCand), 0, io(ab), 0, m)
                .persist(u, ab, wCand, aCand).done();
        pb.graph("projectionFinish").consume(u, ab, norms, wPrev, aPrev)
                .task("tornado_row_norms", pb.groups(m), in(u), 0, d, io(norms))
                .task("tornado_path_norm_terms", pb.items(m), in(u), in(ab), m, d, s, out(terms))
                .task("tornado_sum_reduce", pb.reduction(), in(terms), m, io(scalars), 0)
                .task("tornado_distance_terms", pb.items(m), in(u), in(ab), in(wPrev), in(aPrev), m, d,
                        out(objTerms))
                .task("tornado_sum_reduce", pb.reduction(), in(objTerms), m, io(scalars), 3)
                .download(scalars).persist(u, ab, norms, wPrev, aPrev).done();
        pb.graph("readSaved").consume(wPrev, aPrev)
                .task("tornado_touch", pb.single(), io(wPrev), io(aPrev), io(aPrev))
                .download(wPrev, aPrev).persist(wPrev, aPrev).done();
    }
}
