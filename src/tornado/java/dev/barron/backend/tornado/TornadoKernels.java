package dev.barron.backend.tornado;

import static dev.barron.backend.tornado.PlanBuilder.in;
import static dev.barron.backend.tornado.PlanBuilder.io;

/**
 * The hand-written task graphs of a {@link TornadoState}: every operation as the sequence of
 * prebuilt kernels the JOCL driver launches for it, with the same launch shapes, on buffers of
 * the state array (offsets from the {@link Layout}).
 */
final class TornadoKernels {

    private final PlanBuilder pb;
    private final Layout l;
    private final TornadoState st;
    private final int m;
    private final int k;
    private final int d;
    private final int rows;
    private final int md;

    TornadoKernels(PlanBuilder pb, Layout layout, TornadoState st) {
        this.pb = pb;
        this.l = layout;
        this.st = st;
        this.m = st.m;
        this.k = st.k;
        this.d = st.d;
        this.rows = st.m + st.k;
        this.md = st.m * st.d;
    }

    void operations(RealStore params, RealStore stats, RealStore back, RealStore hostIn, RealStore teacherIn,
                    RealStore xIn, RealStore yIn, int n) {
        parameters(hostIn, back);
        if (k > 0) {
            teacher(teacherIn);
        }
        if (k > 0) {
            population(stats);
        }
        if (n > 0) {
            batch(stats, back, xIn, yIn, n);
        }
        pb.op("step").task("tornado_gd_update", pb.groups(m), pb.state(), l.u, l.gradW, l.ab, l.gradA, d, in(params),
                st.includeOuter ? 1 : 0, l.norms).upload(params).done();
        pathNorms(params, back);
        projections(params, back);
        pb.op("angles")
                .task("tornado_row_scaling", pb.groups(m), pb.state(), l.u, 0, d, l.us, l.norms, l.exps)
                .task("tornado_gram", pb.tiles(rows, m), pb.state(), l.us, 0, l.us, 0, l.gram, m, rows, d)
                .task("tornado_pair_angles", pb.grid(rows, m), pb.state(), l.gram, l.us, l.norms, 0, m, 0, rows, d,
                        l.coef)
                .task("tornado_row_norms", pb.groups(m), pb.state(), l.u, 0, d, l.terms)
                .task("tornado_gather2", pb.items(m * rows + m), pb.state(), l.coef, m * rows, l.terms, m, io(back))
                .download(back).done();
    }

    /**
     * init (the plan's first graphs): the state to the device once, the row norms, and the
     * teacher's constant loss rows; write: new (W, a) into the state and their norms;
     * read and readGradient: (W, a) and (dL/dW, dL/da) back to the host.
     */
    private void parameters(RealStore hostIn, RealStore back) {
        PlanBuilder.Op init = pb.op("init").task("tornado_row_scaling", pb.groups(rows), pb.state(), l.u, 0, d, l.us,
                        l.norms, l.exps)
                .uploadOnce(st.stateStore());
        if (k > 0) {
            init.task("tornado_gram", pb.tiles(k, k), pb.state(), l.us, m, l.us, m, l.gramT, k, k, d)
                    .task("tornado_pair_coefficients", pb.groups(k), pb.state(), l.gramT, l.us, l.norms, l.exps, l.ab,
                            m, st.real(st.scale), m, m, k, d, st.act, l.coefT, l.rowLoss, l.gradA, l.rowScale);
        }
        init.done();
        pb.op("write").task("tornado_scatter2", pb.items(md + m), in(hostIn), pb.state(), l.u, md, l.ab, m)
                .upload(hostIn)
                .task("tornado_row_scaling", pb.groups(m), pb.state(), l.u, 0, d, l.us, l.norms, l.exps).done();
        pb.op("read").task("tornado_gather2", pb.items(md + m), pb.state(), l.u, md, l.ab, m, io(back))
                .download(back).done();
        pb.op("readGradient").task("tornado_gather2", pb.items(md + m), pb.state(), l.gradW, md, l.gradA, m,
                io(back)).download(back).done();
    }

    /** writeTeacher: a new teacher (V, b) into the state, its norms and its constant loss rows. */
    private void teacher(RealStore teacherIn) {
        pb.op("writeTeacher").task("tornado_scatter2", pb.items(k * d + k), in(teacherIn), pb.state(), l.u + md,
                        k * d, l.ab + m, k).upload(teacherIn)
                .task("tornado_row_scaling", pb.groups(k), pb.state(), l.u, m, d, l.us, l.norms, l.exps)
                .task("tornado_gram", pb.tiles(k, k), pb.state(), l.us, m, l.us, m, l.gramT, k, k, d)
                .task("tornado_pair_coefficients", pb.groups(k), pb.state(), l.gramT, l.us, l.norms, l.exps, l.ab, m,
                        st.real(st.scale), m, m, k, d, st.act, l.coefT, l.rowLoss, l.gradA, l.rowScale).done();
    }

    /**
     * The student rows scaled (a step changed them), Gram of the scaled rows, pair coefficients with
     * the loss rows and dL/da, assembly C us + diag(rowScale) us, step scalars.
     */
    private void population(RealStore stats) {
        pb.op("population")
                .task("tornado_row_scaling", pb.groups(m), pb.state(), l.u, 0, d, l.us, l.norms, l.exps)
                .task("tornado_gram", pb.tiles(rows, m), pb.state(), l.us, 0, l.us, 0, l.gram, m, rows, d)
                .task("tornado_pair_coefficients", pb.groups(m), pb.state(), l.gram, l.us, l.norms, l.exps, l.ab, m,
                        st.real(st.scale), 0, 0, rows, d, st.act, l.coef, l.rowLoss, l.gradA, l.rowScale)
                .task("tornado_gradient_assembly", pb.tiles(d, m), pb.state(), l.coef, l.us, l.rowScale, m, rows, d,
                        l.gradW)
                .task("tornado_row_norms", pb.groups(m), pb.state(), l.gradW, 0, d, l.gradRowNorms)
                .task("tornado_step_stats", pb.reduction(), pb.state(), l.rowLoss, rows, l.gradRowNorms, m, l.gradA,
                        st.includeOuter ? 1 : 0, io(stats))
                .download(stats).done();
    }

    /**
     * empirical: the batch into the state, hidden layer with its derivative, output layer with
     * residuals and loss parts, back-propagation (P = D .* e / n, dL/dW = P^T X, dL/da = s H^T e / n),
     * the step scalars. forward and hidden: the hidden and output layers, predictions or H back.
     */
    private void batch(RealStore stats, RealStore back, RealStore xIn, RealStore yIn, int n) {
        Object s = st.real(st.scale);
        pb.op("empirical")
                .task("tornado_copy_in", pb.items(n * d), in(xIn), pb.state(), l.x, n * d).upload(xIn)
                .task("tornado_hidden_layer", pb.tiles(m, n), pb.state(), l.x, l.u, l.ab, s, n, m, d, st.act, l.h,
                        l.deriv, 1)
                .task("tornado_output_layer", pb.groups(n), pb.state(), l.h, l.ab, s, n, m, in(yIn), 1,
                        st.real(0.5 / n), l.residual, l.lossParts).upload(yIn)
                .task("tornado_backprop_scale", pb.grid(m, n), pb.state(), l.deriv, l.residual, n, m,
                        st.real(1.0 / n))
                .task("tornado_matmul_strided", pb.tiles(d, m), pb.state(), l.deriv, 1, m, l.x, d, 1, l.gradW, d, m,
                        d, n, st.real(1.0))
                .task("tornado_outer_gradient", pb.items(m), pb.state(), l.h, l.residual, n, m,
                        st.real(st.scale / n), l.gradA)
                .task("tornado_row_norms", pb.groups(m), pb.state(), l.gradW, 0, d, l.gradRowNorms)
                .task("tornado_step_stats", pb.reduction(), pb.state(), l.lossParts, n, l.gradRowNorms, m, l.gradA,
                        st.includeOuter ? 1 : 0, io(stats))
                .download(stats).done();
        pb.op("forward")
                .task("tornado_copy_in", pb.items(n * d), in(xIn), pb.state(), l.x, n * d).upload(xIn)
                .task("tornado_hidden_layer", pb.tiles(m, n), pb.state(), l.x, l.u, l.ab, s, n, m, d, st.act, l.h,
                        l.deriv, 0)
                .task("tornado_output_layer", pb.groups(n), pb.state(), l.h, l.ab, s, n, m, in(yIn), 0,
                        st.real(0), l.residual, l.lossParts)
                .task("tornado_gather2", pb.items(n), pb.state(), l.residual, n, 0, 0, io(back))
                .download(back).done();
        pb.op("hidden")
                .task("tornado_copy_in", pb.items(n * d), in(xIn), pb.state(), l.x, n * d).upload(xIn)
                .task("tornado_hidden_layer", pb.tiles(m, n), pb.state(), l.x, l.u, l.ab, s, n, m, d, st.act, l.h,
                        l.deriv, 0)
                .task("tornado_gather2", pb.items(n * m), pb.state(), l.h, n * m, 0, 0, io(back))
                .download(back).done();
    }

    /**
     * pathNorm: sum_i |a_i| |w_i|_1 into back[0]. prox: the exact prox of every neuron at
     * params[LAMBDA] into the candidate, then back = {candidate's sum |a||w|_1, sum of the prox's
     * path terms, objective}; proxStep, a bisection step, only back[1]. readCandidate brings the
     * candidate back.
     */
    private void pathNorms(RealStore params, RealStore back) {
        PlanBuilder.Op pathNorm = pb.op("pathNorm");
        sumOfPathTerms(pathNorm, l.u, l.ab, 0);
        scalarsBack(pathNorm, back).done();
        PlanBuilder.Op prox = proxOwnNorm(pb.op("prox"), params)
                .task("tornado_sum_reduce", pb.reduction(), pb.state(), l.objTerms, m, l.scalars + 2);
        sumOfPathTerms(prox, l.wCand, l.aCand, 0);
        scalarsBack(prox, back).done();
        // a bisection step needs only the prox's own path norm: no candidate, no objective
        scalarsBack(proxOwnNorm(pb.op("proxStep"), params), back).done();
        pb.op("readCandidate").task("tornado_gather2", pb.items(md + m), pb.state(), l.wCand, md, l.aCand, m,
                io(back)).download(back).done();
    }

    /**
     * projectionSave copies (W, a) aside; rescale, l1Outer and acceptCandidate move (W, a) onto
     * the ball; projectionNorms refreshes the norms and sums the path terms; shrinkOuter scales a
     * alone by params[FACTOR] (the feasibility guard) and sums again; projectionDistance sums the
     * distance to the saved copy (scaled: per-neuron distances, then their norm). Each brings its
     * result back in back[0].
     */
    private void projections(RealStore params, RealStore back) {
        pb.op("projectionSave")
                .task("tornado_move", pb.items(md), pb.state(), l.u, l.wPrev, md)
                .task("tornado_move", pb.items(m), pb.state(), l.ab, l.aPrev, m).done();
        pb.op("rescale").task("tornado_scale_params", pb.items(Math.max(md, m)), pb.state(), l.u, l.ab, m, d,
                in(params), 1).upload(params).done();
        pb.op("l1Outer")
                .task("tornado_l1_balance", pb.items(m), pb.state(), l.u, l.ab, m, d, l.terms, l.objTerms)
                .task("tornado_l1_ball_threshold", pb.single(), pb.state(), l.terms, m, in(params), l.scratch, l.tau)
                .upload(params)
                .task("tornado_l1_apply", pb.items(m), pb.state(), l.terms, l.tau, l.objTerms, m, l.ab).done();
        pb.op("acceptCandidate")
                .task("tornado_move", pb.items(md), pb.state(), l.wCand, l.u, md)
                .task("tornado_move", pb.items(m), pb.state(), l.aCand, l.ab, m).done();
        PlanBuilder.Op norms = pb.op("projectionNorms")
                .task("tornado_row_scaling", pb.groups(m), pb.state(), l.u, 0, d, l.us, l.norms, l.exps);
        sumOfPathTerms(norms, l.u, l.ab, 0);
        scalarsBack(norms, back).done();
        PlanBuilder.Op shrink = pb.op("shrinkOuter").task("tornado_scale_params", pb.items(Math.max(md, m)),
                pb.state(), l.u, l.ab, m, d, in(params), 0).upload(params);
        sumOfPathTerms(shrink, l.u, l.ab, 0);
        scalarsBack(shrink, back).done();
        PlanBuilder.Op distance = pb.op("projectionDistance")
                .task("tornado_distance_terms", pb.items(m), pb.state(), l.u, l.ab, l.wPrev, l.aPrev, m, d,
                        l.objTerms)
                .task("tornado_norm_reduce", pb.reduction(), pb.state(), l.objTerms, m, l.scalars);
        scalarsBack(distance, back).done();
    }

    /** The prox of every neuron at params[LAMBDA] (flags in params); its own path terms summed into scalars[1]. */
    private PlanBuilder.Op proxOwnNorm(PlanBuilder.Op op, RealStore params) {
        return op.task("tornado_prox_neurons", pb.items(m), pb.state(), l.u, l.ab, m, d, in(params), l.scratch,
                        l.wCand, l.aCand, l.objTerms, l.terms).upload(params)
                .task("tornado_sum_reduce", pb.reduction(), pb.state(), l.terms, m, l.scalars + 1);
    }

    /** sum_i |a_i| |w_i|_1 of the rows at (w, a) into scalars[slot]. */
    private void sumOfPathTerms(PlanBuilder.Op op, int w, int a, int slot) {
        op.task("tornado_path_norm_terms", pb.items(m), pb.state(), w, a, m, d, l.terms)
                .task("tornado_sum_reduce", pb.reduction(), pb.state(), l.terms, m, l.scalars + slot);
    }

    private PlanBuilder.Op scalarsBack(PlanBuilder.Op op, RealStore back) {
        return op.task("tornado_gather2", pb.items(4), pb.state(), l.scalars, 4, 0, 0, io(back)).download(back);
    }
}
