package dev.barron.backend.program;


import java.util.ArrayList;
import java.util.List;

import static dev.barron.backend.program.Dims.grid;
import static dev.barron.backend.program.Dims.groups;
import static dev.barron.backend.program.Dims.items;
import static dev.barron.backend.program.Dims.reduction;
import static dev.barron.backend.program.Dims.single;
import static dev.barron.backend.program.Dims.tiles;
import static dev.barron.backend.program.Step.launch;

/**
 * Every device operation, each described once as its sequence of steps over the named buffers
 * ({@link #steps}); the drivers interpret the descriptions. What an operation reads back is
 * listed in its comment, in order (the results of {@link ProgramDriver#run}).
 */
public enum Operation {
    /** U and AB from the host, then every row's scaling and the teacher's loss constant. Reads nothing. */
    INIT,
    /** New (W, a) and their row scaling. */
    WRITE,
    /** A new teacher (V, b), its row scaling and loss constant. */
    WRITE_TEACHER,
    /** Reads W (m d), a (m). */
    READ,
    /** Reads dL/dW (m d), dL/da (m) of the last evaluation. */
    READ_GRADIENT,
    /** Population loss and gradient (docs/MATH.md section 3). Reads the stats (3). */
    POPULATION,
    /** Empirical loss and gradient on the batch X, Y. Reads the stats (3). */
    EMPIRICAL,
    /** Predictions on the batch X. Reads n. */
    FORWARD,
    /** sigma(X W^T). Reads n m. */
    HIDDEN,
    /** W -= LR dL/dW, a -= LR dL/da when the outer weights train, and the new norms. */
    STEP,
    /** Reads the scalars (4): [0] = sum_i |a_i| |w_i|_1. */
    PATH_NORM,
    /**
     * The exact prox of every neuron at LAMBDA (already times s) into the candidate. Reads the
     * candidate W (m d), a (m), then the scalars (4): [0] its sum |a||w|_1, [1] the prox's own
     * path terms summed, [2] the objective.
     */
    PROX,
    /** A bisection step: the prox at LAMBDA with the flags SORTED and WRITE. Reads the scalars (4): [1]. */
    PROX_STEP,
    /** Keeps (W, a) as the reference of the projection's distance. */
    PROJECTION_SAVE,
    /** W, a times FACTOR. */
    RESCALE,
    /** Balances every neuron to |w_i|_1 = 1 and projects the outer weights onto the l1 ball of RADIUS. */
    L1_OUTER,
    /** (W, a) = the candidate. */
    ACCEPT_CANDIDATE,
    /** The row scaling of the moved students. Reads the scalars (4): [0] = sum_i |a_i| |w_i|_1. */
    PROJECTION_NORMS,
    /** a times FACTOR (W unchanged), the feasibility guard. Reads the scalars (4): [0] as PATH_NORM. */
    SHRINK_OUTER,
    /** Reads the scalars (4): [3] = sqrt(|W - W_PREV|^2 + |a - A_PREV|^2), scaled. */
    PROJECTION_DISTANCE,
    /** Reads the angles of every student row against every row of u (m (m + k)), the norms (m) and exponents (m). */
    ANGLES;

    /** Whether the shape has what this operation works on: a teacher, or a batch. */
    public boolean available(Shape s) {
        return switch (this) {
            case WRITE_TEACHER, POPULATION -> s.k() > 0;
            case EMPIRICAL, FORWARD, HIDDEN -> s.n() > 0;
            default -> true;
        };
    }

    /** The steps of this operation on the shape. */
    public List<Step> steps(Shape s) {
        List<Step> out = new ArrayList<>();
        switch (this) {
            case INIT -> init(out, s);
            case WRITE -> {
                write(out, s);
                out.add(rowScaling(0, s.m(), s.d()));
            }
            case WRITE_TEACHER -> writeTeacher(out, s);
            case READ -> readPair(out, Buf.U, Buf.AB, s);
            case READ_GRADIENT -> readPair(out, Buf.GRAD_W, Buf.GRAD_A, s);
            case POPULATION -> population(out, s);
            case EMPIRICAL -> empirical(out, s);
            case FORWARD -> {
                hidden(out, s, false);
                out.add(outputLayer(s, false));
                out.add(new Step.Read(Buf.RESIDUAL, 0, s.n()));
            }
            case HIDDEN -> {
                hidden(out, s, false);
                out.add(new Step.Read(Buf.H, 0, s.n() * s.m()));
            }
            case STEP -> out.add(launch(Kernel.GD_UPDATE).buf("w", Buf.U).buf("gradW", Buf.GRAD_W).buf("a", Buf.AB)
                    .buf("gradA", Buf.GRAD_A).i("d", s.d()).param("lr", ParamSlot.LR)
                    .flag("trainOuter", s.includeOuter()).buf("norms", Buf.NORMS).on(groups(s.m())));
            case PATH_NORM -> pathNormSum(out, s, Buf.U, Buf.AB).add(SCALARS_BACK);
            case PROX -> prox(out, s, true);
            case PROX_STEP -> prox(out, s, false);
            case PROJECTION_SAVE -> copyPair(out, Buf.U, Buf.AB, Buf.W_PREV, Buf.A_PREV, s);
            case RESCALE -> out.add(scaleParams(s, true));
            case L1_OUTER -> l1Outer(out, s);
            case ACCEPT_CANDIDATE -> copyPair(out, Buf.W_CAND, Buf.A_CAND, Buf.U, Buf.AB, s);
            case PROJECTION_NORMS -> {
                out.add(rowScaling(0, s.m(), s.d()));
                pathNormSum(out, s, Buf.U, Buf.AB).add(SCALARS_BACK);
            }
            case SHRINK_OUTER -> {
                out.add(scaleParams(s, false));
                pathNormSum(out, s, Buf.U, Buf.AB).add(SCALARS_BACK);
            }
            case PROJECTION_DISTANCE -> {
                out.add(launch(Kernel.DISTANCE_TERMS).buf("w", Buf.U).buf("a", Buf.AB).buf("w0", Buf.W_PREV)
                        .buf("a0", Buf.A_PREV).i("m", s.m()).i("d", s.d()).buf("terms", Buf.TERMS).on(items(s.m())));
                out.add(sum(Kernel.NORM_REDUCE, Buf.TERMS, s.m(), 3));
                out.add(SCALARS_BACK);
            }
            case ANGLES -> angles(out, s);
        }
        return out;
    }

    private static final Step SCALARS_BACK = new Step.Read(Buf.SCALARS, 0, 4);

    private static void init(List<Step> out, Shape s) {
        write(out, s);
        if (s.k() > 0) {
            out.add(new Step.Write(Input.V, Buf.U, s.md(), s.k() * s.d()));
            out.add(new Step.Write(Input.B, Buf.AB, s.m(), s.k()));
        }
        out.add(rowScaling(0, s.rows(), s.d()));
        teacherConstant(out, s);
    }

    private static void writeTeacher(List<Step> out, Shape s) {
        out.add(new Step.Write(Input.V, Buf.U, s.md(), s.k() * s.d()));
        out.add(new Step.Write(Input.B, Buf.AB, s.m(), s.k()));
        out.add(rowScaling(s.m(), s.k(), s.d()));
        teacherConstant(out, s);
    }

    private static void copyPair(List<Step> out, Buf w, Buf a, Buf wTo, Buf aTo, Shape s) {
        out.add(new Step.Copy(w, wTo, s.md()));
        out.add(new Step.Copy(a, aTo, s.m()));
    }

    /** Balance, the threshold tau of the l1 ball of RADIUS (one work-item), the new outer weights. */
    private static void l1Outer(List<Step> out, Shape s) {
        int m = s.m();
        out.add(launch(Kernel.L1_BALANCE).buf("w", Buf.U).buf("a", Buf.AB).i("m", m).i("d", s.d())
                .buf("u", Buf.TERMS).buf("rowL1", Buf.OBJ_TERMS).on(items(m)));
        out.add(launch(Kernel.L1_BALL_THRESHOLD).buf("u", Buf.TERMS).i("m", m)
                .param("radius", ParamSlot.RADIUS).buf("scratch", Buf.SCRATCH).buf("out", Buf.TAU)
                .on(single()));
        out.add(launch(Kernel.L1_APPLY).buf("u", Buf.TERMS).buf("tauBuf", Buf.TAU)
                .buf("rowL1", Buf.OBJ_TERMS).i("m", m).buf("a", Buf.AB).on(items(m)));
    }

    /** Gram of the scaled rows, then the angles of every student against every row of u (in COEF). */
    private static void angles(List<Step> out, Shape s) {
        int m = s.m();
        out.add(rowScaling(0, m, s.d()));
        out.add(studentGram(s));
        out.add(launch(Kernel.PAIR_ANGLES).buf("g", Buf.GRAM).buf("u", Buf.US).buf("norms", Buf.NORMS)
                .i("rowOff", 0).i("nr", m).i("colOff", 0).i("nc", s.rows()).i("d", s.d())
                .buf("theta", Buf.COEF).on(grid(s.rows(), m)));
        out.add(new Step.Read(Buf.COEF, 0, m * s.rows()));
        out.add(new Step.Read(Buf.NORMS, 0, m));
        out.add(new Step.Read(Buf.EXPS, 0, m));
    }

    private static void write(List<Step> out, Shape s) {
        out.add(new Step.Write(Input.W, Buf.U, 0, s.md()));
        out.add(new Step.Write(Input.A, Buf.AB, 0, s.m()));
    }

    private static void readPair(List<Step> out, Buf w, Buf a, Shape s) {
        out.add(new Step.Read(w, 0, s.md()));
        out.add(new Step.Read(a, 0, s.m()));
    }

    /** us, norms and exps of rows [first, first + count) from the rows of u. */
    private static Step rowScaling(int first, int count, int d) {
        return launch(Kernel.ROW_SCALING).buf("u", Buf.U).i("row0", first).i("d", d).buf("us", Buf.US)
                .buf("norms", Buf.NORMS).buf("exps", Buf.EXPS).on(groups(count));
    }

    /** The teacher rows of the loss (1/2 sum b_j b_j' kappa(v_j, v_j')), kept in ROW_LOSS[m ..). */
    private static void teacherConstant(List<Step> out, Shape s) {
        int m = s.m();
        int k = s.k();
        if (k == 0) {
            return;
        }
        out.add(launch(Kernel.GRAM).buf("p", Buf.US).i("pRow0", m).buf("q", Buf.US).i("qRow0", m)
                .buf("g", Buf.GRAM_T).i("rowsP", k).i("rowsQ", k).i("d", s.d()).on(tiles(k, k)));
        out.add(pairCoefficients(s, Buf.GRAM_T, m, k, Buf.COEF_T));
    }

    private static Step pairCoefficients(Shape s, Buf gram, int offset, int rows, Buf coef) {
        return launch(Kernel.PAIR_COEFFICIENTS).buf("g", gram).buf("u", Buf.US).buf("norms", Buf.NORMS)
                .buf("exps", Buf.EXPS).buf("ab", Buf.AB).i("m", s.m()).r("s", s.scale()).i("rowOff", offset)
                .i("colOff", offset).i("nc", offset == 0 ? s.rows() : s.k()).i("d", s.d()).i("act", s.act())
                .buf("coef", coef).buf("rowLoss", Buf.ROW_LOSS).buf("gradA", Buf.GRAD_A)
                .buf("rowScale", Buf.ROW_SCALE).on(groups(rows));
    }

    private static Step studentGram(Shape s) {
        return launch(Kernel.GRAM).buf("p", Buf.US).i("pRow0", 0).buf("q", Buf.US).i("qRow0", 0)
                .buf("g", Buf.GRAM).i("rowsP", s.m()).i("rowsQ", s.rows()).i("d", s.d()).on(tiles(s.rows(), s.m()));
    }

    /** The students rescaled (a step changed them), Gram, pair coefficients, assembly C us, stats. */
    private static void population(List<Step> out, Shape s) {
        int m = s.m();
        out.add(rowScaling(0, m, s.d()));
        out.add(studentGram(s));
        out.add(pairCoefficients(s, Buf.GRAM, 0, m, Buf.COEF));
        out.add(launch(Kernel.GRADIENT_ASSEMBLY).buf("coef", Buf.COEF).buf("u", Buf.US).buf("rowScale", Buf.ROW_SCALE)
                .i("m", m).i("nc", s.rows()).i("d", s.d()).buf("gradW", Buf.GRAD_W).on(tiles(s.d(), m)));
        stepStats(out, s, Buf.ROW_LOSS, s.rows());
    }

    /**
     * Hidden layer with its derivative, output layer with residuals and loss parts,
     * back-propagation (P = D .* e / n, dL/dW = P^T X, dL/da = s H^T e / n), stats.
     */
    private static void empirical(List<Step> out, Shape s) {
        int n = s.n();
        int m = s.m();
        int d = s.d();
        hidden(out, s, true);
        out.add(new Step.Write(Input.Y, Buf.Y, 0, n));
        out.add(outputLayer(s, true));
        out.add(launch(Kernel.BACKPROP_SCALE).buf("deriv", Buf.DERIV).buf("e", Buf.RESIDUAL).i("n", n).i("m", m)
                .r("invN", 1.0 / n).on(grid(m, n)));
        out.add(launch(Kernel.MATMUL_STRIDED).buf("a", Buf.DERIV).i("sai", 1).i("sat", m).buf("b", Buf.X)
                .i("sbt", d).i("sbj", 1).buf("c", Buf.GRAD_W).i("ldc", d).i("rows", m).i("cols", d).i("inner", n)
                .r("scale", 1.0).on(tiles(d, m)));
        out.add(launch(Kernel.OUTER_GRADIENT).buf("h", Buf.H).buf("e", Buf.RESIDUAL).i("n", n).i("m", m)
                .r("scale", s.scale() / n).buf("gradA", Buf.GRAD_A).on(items(m)));
        stepStats(out, s, Buf.LOSS_PARTS, n);
    }

    private static void hidden(List<Step> out, Shape s, boolean derivative) {
        out.add(new Step.Write(Input.X, Buf.X, 0, s.n() * s.d()));
        out.add(launch(Kernel.HIDDEN_LAYER).buf("x", Buf.X).buf("w", Buf.U).buf("a", Buf.AB).r("s", s.scale())
                .i("n", s.n()).i("m", s.m()).i("d", s.d()).i("act", s.act()).buf("h", Buf.H).buf("deriv", Buf.DERIV)
                .flag("wantDerivative", derivative).on(tiles(s.m(), s.n())));
    }

    private static Step outputLayer(Shape s, boolean target) {
        return launch(Kernel.OUTPUT_LAYER).buf("h", Buf.H).buf("a", Buf.AB).r("s", s.scale()).i("n", s.n())
                .i("m", s.m()).buf("y", Buf.Y).flag("hasTarget", target).r("lossScale", target ? 0.5 / s.n() : 0)
                .buf("out", Buf.RESIDUAL).buf("lossParts", Buf.LOSS_PARTS).on(groups(s.n()));
    }

    private static void stepStats(List<Step> out, Shape s, Buf parts, int nParts) {
        out.add(launch(Kernel.ROW_NORMS).buf("u", Buf.GRAD_W).i("row0", 0).i("d", s.d())
                .buf("norms", Buf.GRAD_ROW_NORMS).on(groups(s.m())));
        out.add(launch(Kernel.STEP_STATS).buf("lossParts", parts).i("nParts", nParts)
                .buf("gradRowNorms", Buf.GRAD_ROW_NORMS).i("m", s.m()).buf("gradA", Buf.GRAD_A)
                .flag("includeOuter", s.includeOuter()).buf("stats", Buf.STATS).on(reduction()));
        out.add(new Step.Read(Buf.STATS, 0, 3));
    }

    /**
     * The prox of every neuron at LAMBDA (flags SORTED, WRITE), its own path terms summed into
     * scalars[1]; with candidate, the objective into scalars[2], the candidate's path norm into
     * scalars[0] and the candidate read back before the scalars.
     */
    private static void prox(List<Step> out, Shape s, boolean candidate) {
        out.add(launch(Kernel.PROX_NEURONS).buf("w0", Buf.U).buf("a0", Buf.AB).i("m", s.m()).i("d", s.d())
                .param("lambda", ParamSlot.LAMBDA).buf("scratch", Buf.SCRATCH)
                .param("sortedReady", ParamSlot.SORTED).param("writeResult", ParamSlot.WRITE)
                .buf("wOut", Buf.W_CAND).buf("aOut", Buf.A_CAND).buf("objTerms", Buf.OBJ_TERMS)
                .buf("pathTerms", Buf.TERMS).on(items(s.m())));
        out.add(sum(Kernel.SUM_REDUCE, Buf.TERMS, s.m(), 1));
        if (candidate) {
            out.add(sum(Kernel.SUM_REDUCE, Buf.OBJ_TERMS, s.m(), 2));
            pathNormSum(out, s, Buf.W_CAND, Buf.A_CAND);
            readPair(out, Buf.W_CAND, Buf.A_CAND, s);
        }
        out.add(SCALARS_BACK);
    }

    /** sum_i |a_i| |w_i|_1 of the rows (w, a) into scalars[0]. */
    private static List<Step> pathNormSum(List<Step> out, Shape s, Buf w, Buf a) {
        out.add(launch(Kernel.PATH_NORM_TERMS).buf("w", w).buf("a", a).i("m", s.m()).i("d", s.d())
                .buf("terms", Buf.TERMS).on(items(s.m())));
        out.add(sum(Kernel.SUM_REDUCE, Buf.TERMS, s.m(), 0));
        return out;
    }

    private static Step sum(Kernel reduce, Buf parts, int n, int slot) {
        return launch(reduce).buf("parts", parts).i("n", n).buf("out", Buf.SCALARS).i("outIndex", slot)
                .on(reduction());
    }

    private static Step scaleParams(Shape s, boolean includeW) {
        return launch(Kernel.SCALE_PARAMS).buf("w", Buf.U).buf("a", Buf.AB).i("m", s.m()).i("d", s.d())
                .param("factor", ParamSlot.FACTOR).flag("scaleW", includeW)
                .on(items(Math.max((long) s.md(), s.m())));
    }
}
