package dev.barron.backend.opencl;

import dev.barron.backend.Angles;
import dev.barron.backend.BatchChecks;
import dev.barron.backend.LossGradient;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Teacher;

/**
 * A network (and optionally a teacher) resident on the device, with the work buffers of every
 * operation. Layout: u = [W; V] ((m + k) x d, students first), ab = [a; b], norms = row norms of us (below),
 * so that one Gram product W u^T gives W W^T and W V^T side by side and one product C u
 * assembles the gradient. The evaluations work on us, the rows of u scaled by powers of two
 * (kernels/scaling.cl: u_r = 2^exps[r] us_r; norms = |us_r|), so that rows from 1e-320 to 1e300
 * give the same answers as rows of size one; the powers go onto the outer weights in the kernels.
 *
 * <p>Only what an operation reports crosses to the host: three scalars per evaluation, one per
 * path norm or bisection step; the gradient, parameters and angles only when read.
 */
final class DeviceState implements AutoCloseable {

    final ClQueue q;
    final int m;
    final int k;
    final int d;
    final double scale;
    final Network shape;
    private final int act;

    final DeviceBuffer u;
    final DeviceBuffer ab;
    final DeviceBuffer norms;
    private final DeviceBuffer us;
    private final DeviceBuffer exps;
    private final DeviceBuffer gram;
    private final DeviceBuffer coef;
    private final DeviceBuffer rowLoss;
    final DeviceBuffer gradW;
    final DeviceBuffer gradA;
    private final DeviceBuffer rowScale;
    private final DeviceBuffer gradRowNorms;
    private final DeviceBuffer stats;
    final DeviceBuffer scalars;
    private int empiricalCapacity;
    private DeviceBuffer x;
    private DeviceBuffer y;
    private DeviceBuffer h;
    private DeviceBuffer deriv;
    private DeviceBuffer residual;
    private DeviceBuffer lossParts;

    DeviceState(ClQueue q, Network net, Teacher teacher) {
        this.q = q;
        this.m = net.width();
        this.k = teacher == null ? 0 : teacher.size();
        this.d = net.inputDim();
        this.scale = net.scale();
        this.shape = net;
        this.act = KernelConstants.activationCode(net.activation());
        if (teacher != null) {
            teacher.requireCompatible(net);
        }
        int rows = m + k;
        // Kernels index with 32-bit ints: every array they address must stay below 2^31 entries.
        long largest = Math.max(Math.max((long) rows * d, (long) m * rows), 2L * m * d);
        if (largest > Integer.MAX_VALUE) {
            throw Check.bad("problem size (m, k, d)", m + ", " + k + ", " + d,
                    "the opencl backend needs (m + k) d, m (m + k) and 2 m d below 2^31");
        }
        u = q.alloc((long) rows * d);
        ab = q.alloc(rows);
        norms = q.alloc(rows);
        us = q.alloc((long) rows * d);
        exps = q.alloc(rows);
        gram = q.alloc((long) m * rows);
        coef = q.alloc((long) m * rows);
        rowLoss = q.alloc(rows);
        gradW = q.alloc((long) m * d);
        gradA = q.alloc(rows);
        rowScale = q.alloc(rows);
        gradRowNorms = q.alloc(m);
        stats = q.alloc(3);
        scalars = q.alloc(4);
        if (teacher != null) {
            q.write(u, (long) m * d, teacher.v().data(), 0, k * d);
            q.write(ab, m, teacher.b(), 0, k);
            rowNorms(m, k);
            teacherConstant();
        }
        write(net);
    }

    /** Replaces W and a (same shape) and refreshes their norms. */
    void write(Network net) {
        if (net.width() != m || net.inputDim() != d) {
            throw Check.bad("network shape", net.width() + " x " + net.inputDim(), "must equal the session's " + m + " x " + d);
        }
        if (net.activation() != shape.activation() || net.scaling() != shape.scaling()) {
            throw Check.bad("network activation/scaling", net.activation().label() + "/" + net.scaling().label(),
                    "must equal the session's " + shape.activation().label() + "/" + shape.scaling().label());
        }
        q.write(u, 0, net.w().data(), 0, m * d);
        q.write(ab, 0, net.a(), 0, m);
        rowNorms(0, m);
    }

    Network read() {
        double[] w = q.read(u, 0, m * d);
        double[] a = q.read(ab, 0, m);
        return shape.withWeights(new Matrix(m, d, w), a);
    }

    /** us, norms and exps of rows [first .. first + count) from the rows of u (row_scaling). */
    void rowNorms(int first, int count) {
        q.launch("row_scaling").mem(u).i(first).i(d).mem(us).mem(norms).mem(exps).groups(count, q.program.group());
    }

    /** The teacher rows of the loss (1/2 sum b_j b_j' kappa(v_j, v_j')), kept in rowLoss[m ..). */
    private void teacherConstant() {
        DeviceBuffer gramT = q.alloc((long) k * k);
        DeviceBuffer coefT = q.alloc((long) k * k);
        q.launch("gram").mem(us).i(m).mem(us).i(m).mem(gramT).i(k).i(k).i(d).tiles(k, k);
        q.launch("pair_coefficients").mem(gramT).mem(us).mem(norms).mem(exps).mem(ab).i(m).r(scale).i(m).i(m).i(k)
                .i(d).i(act)
                .mem(coefT).mem(rowLoss).mem(gradA).mem(rowScale).groups(k, q.program.group());
        q.finish();
        gramT.close();
        coefT.close();
    }

    /** Population loss and gradient into gradW/gradA; returns {loss, max row norm, grad norm}. */
    double[] evaluatePopulation(boolean includeOuter) {
        if (k == 0) {
            throw Check.bad("teacher", "null", "the population objective needs a teacher");
        }
        int rows = m + k;
        rowNorms(0, m); // a step changed W: rescale its rows
        q.launch("gram").mem(us).i(0).mem(us).i(0).mem(gram).i(m).i(rows).i(d).tiles(rows, m);
        q.launch("pair_coefficients").mem(gram).mem(us).mem(norms).mem(exps).mem(ab).i(m).r(scale).i(0).i(0).i(rows)
                .i(d).i(act).mem(coef).mem(rowLoss).mem(gradA).mem(rowScale).groups(m, q.program.group());
        q.launch("gradient_assembly").mem(coef).mem(us).mem(rowScale).i(m).i(rows).i(d).mem(gradW).tiles(d, m);
        return stepStats(rowLoss, rows, includeOuter);
    }

    private double[] stepStats(DeviceBuffer parts, int nParts, boolean includeOuter) {
        q.launch("row_norms").mem(gradW).i(0).i(d).mem(gradRowNorms).groups(m, q.program.group());
        q.launch("step_stats").mem(parts).i(nParts).mem(gradRowNorms).i(m).mem(gradA).i(includeOuter ? 1 : 0)
                .mem(stats).groups(1, q.program.reduce());
        return q.read(stats, 0, 3);
    }

    LossGradient readGradient(double loss) {
        return new LossGradient(loss, new Matrix(m, d, q.read(gradW, 0, m * d)), q.read(gradA, 0, m));
    }

    /** Empirical loss and gradient on (x, y) into gradW/gradA; returns {loss, max row norm, grad norm}. */
    double[] evaluateEmpirical(Matrix xs, double[] ys, boolean includeOuter) {
        int n = uploadBatch(xs, ys);
        q.launch("hidden_layer").mem(x).mem(u).mem(ab).r(scale).i(n).i(m).i(d).i(act).mem(h).mem(deriv).i(1)
                .tiles(m, n);
        q.launch("output_layer").mem(h).mem(ab).r(scale).i(n).i(m).mem(y).i(1).r(0.5 / n).mem(residual).mem(lossParts)
                .groups(n, q.program.group());
        q.launch("backprop_scale").mem(deriv).mem(residual).i(n).i(m).r(1.0 / n).grid(m, n);
        q.launch("matmul_strided").mem(deriv).i(1).i(m).mem(x).i(d).i(1).mem(gradW).i(d).i(m).i(d).i(n).r(1.0)
                .tiles(d, m);
        q.launch("outer_gradient").mem(h).mem(residual).i(n).i(m).r(scale / n).mem(gradA).run(m, q.program.group());
        return stepStats(lossParts, n, includeOuter);
    }

    /** Predictions s sum_i a_i sigma(w_i . x_r), or with hidden the matrix sigma(X W^T). */
    double[] forward(Matrix xs, boolean hidden) {
        int n = uploadBatch(xs, null);
        q.launch("hidden_layer").mem(x).mem(u).mem(ab).r(scale).i(n).i(m).i(d).i(act).mem(h).mem(deriv).i(0)
                .tiles(m, n);
        if (hidden) {
            return q.read(h, 0, n * m);
        }
        q.launch("output_layer").mem(h).mem(ab).r(scale).i(n).i(m).mem(y).i(0).r(0).mem(residual).mem(lossParts)
                .groups(n, q.program.group());
        return q.read(residual, 0, n);
    }

    private int uploadBatch(Matrix xs, double[] ys) {
        BatchChecks.batch(xs, d);
        if (ys != null) {
            BatchChecks.targets(xs, ys);
        }
        int n = xs.rows();
        if ((long) n * Math.max(m, d) > Integer.MAX_VALUE) {
            throw Check.bad("batch size n", n, "n * max(m, d) must stay below 2^31 on the opencl backend");
        }
        if (n > empiricalCapacity) {
            for (DeviceBuffer b : new DeviceBuffer[] {x, y, h, deriv, residual, lossParts}) {
                if (b != null) {
                    b.close();
                }
            }
            x = q.alloc((long) n * d);
            y = q.alloc(n);
            h = q.alloc((long) n * m);
            deriv = q.alloc((long) n * m);
            residual = q.alloc(n);
            lossParts = q.alloc(n);
            empiricalCapacity = n;
        }
        q.write(x, 0, xs.data(), 0, n * d);
        if (ys != null) {
            q.write(y, 0, ys, 0, n);
        }
        return n;
    }

    /** W -= lr gradW, a -= lr gradA (when trainOuter), and the new norms, in one kernel. */
    void step(double lr, boolean trainOuter) {
        q.launch("gd_update").mem(u).mem(gradW).mem(ab).mem(gradA).i(d).r(lr).i(trainOuter ? 1 : 0).mem(norms)
                .groups(m, q.program.group());
    }

    /** Sum of parts[0 .. n) into scalars[index], read back. */
    double sum(DeviceBuffer parts, int n, int index) {
        q.launch("sum_reduce").mem(parts).i(n).mem(scalars).i(index).groups(1, q.program.reduce());
        return q.read(scalars, index, 1)[0];
    }

    /** sqrt(sum of parts[0 .. n)^2) into scalars[index], scaled (norm_reduce), read back. */
    double norm(DeviceBuffer parts, int n, int index) {
        q.launch("norm_reduce").mem(parts).i(n).mem(scalars).i(index).groups(1, q.program.reduce());
        return q.read(scalars, index, 1)[0];
    }

    /** s * sum_i |a_i| |w_i|_1 of the rows w (m x d) and a, as dev.barron.math.PathNorms.l1. */
    double pathNormL1(DeviceBuffer w, DeviceBuffer a, DeviceBuffer terms) {
        q.launch("path_norm_terms").mem(w).mem(a).i(m).i(d).mem(terms).run(m, q.program.group());
        return scale * sum(terms, m, 0);
    }

    Angles angles() {
        int rows = m + k;
        DeviceBuffer theta = coef;
        rowNorms(0, m);
        q.launch("gram").mem(us).i(0).mem(us).i(0).mem(gram).i(m).i(rows).i(d).tiles(rows, m);
        q.launch("pair_angles").mem(gram).mem(us).mem(norms).i(0).i(m).i(0).i(rows).i(d).mem(theta).grid(rows, m);
        double[] all = q.read(theta, 0, m * rows);
        double[] st = new double[m * k];
        double[] ss = new double[m * m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(all, i * rows, ss, i * m, m);
            System.arraycopy(all, i * rows + m, st, i * k, k);
        }
        double[] scaledNorms = q.read(norms, 0, m);
        double[] e = q.read(exps, 0, m);
        for (int i = 0; i < m; i++) {
            scaledNorms[i] = Math.scalb(scaledNorms[i], (int) e[i]);
        }
        return new Angles(new Matrix(m, k, st), new Matrix(m, m, ss), scaledNorms);
    }

    Activation activation() {
        return shape.activation();
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {u, ab, norms, us, exps, gram, coef, rowLoss, gradW, gradA, rowScale, gradRowNorms, stats,
                scalars, x, y, h, deriv, residual, lossParts}) {
            if (b != null) {
                b.close();
            }
        }
    }
}
