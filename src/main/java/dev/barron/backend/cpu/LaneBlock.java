package dev.barron.backend.cpu;

import dev.barron.model.Matrix;
import dev.barron.model.Network;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link #LANES} relu runs of one shape (m, k, d) in float64, one run a SIMD lane: the closed-form
 * population loss and gradient of {@link SmallReluRun} (docs/MATH.md section 3), every array in
 * struct-of-arrays form, entry e of run l at [e * LANES + l], so that one vector operation does
 * the same arithmetic for every run at once.
 *
 * <p>What differs from {@link SmallReluRun}, and so from the single-run path, by rounding only
 * (the angle of a Gram cosine is the same: {@link VectorAtan} is fdlibm's atan2 across lanes,
 * equal to StrictMath's bit for bit, and unlike the Vector API's ATAN2 the same at every JIT tier):
 * the direct form near (anti)parallel pairs sums only the small one of |u-e|^2, |u+e|^2 and takes
 * the other as 4 minus it, and gives cos and sin of its angle algebraically,
 * cos = (|u+e|^2 - |u-e|^2) / 4, sin = |u-e| |u+e| / 2 (no cos/sin of a computed angle), dot products are fused multiply-adds in index order, and
 * the loss is summed without compensation. docs/ENSEMBLES.md states the tolerance.
 */
final class LaneBlock {

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = S.length();
    private static final double LOW = SmallReluRun.LOW;
    private static final double HIGH = SmallReluRun.HIGH;
    private static final double INV_2PI = SmallReluRun.INV_2PI;

    private final int m;
    private final int k;
    private final int d;
    private final double s;
    private final double[] w;
    private final double[] a;
    private final double[] v;
    private final double[] b;
    private final double[] normsV;
    private final double[] teacherConstant;
    private final double[] gradW;
    private final double[] gradA;
    private final double[] normsW;
    private final double[] theta;
    private final double[] cos;
    private final double[] sin;
    private final double[] coef;
    private final double[] pair = new double[3 * LANES];
    /** Per lane, after {@link #evaluate}: loss, max_i |grad_{w_i} L|, |grad L|. */
    final double[] loss = new double[LANES];
    final double[] maxNeuron = new double[LANES];
    final double[] gradNorm = new double[LANES];
    /** Bit l set: a row norm of lane l left [2^-400, 2^400] (zero and non-finite excepted). */
    long outOfRange;

    LaneBlock(int m, int k, int d, double scale) {
        this.m = m;
        this.k = k;
        this.d = d;
        this.s = scale;
        w = new double[m * d * LANES];
        a = new double[m * LANES];
        v = new double[k * d * LANES];
        b = new double[k * LANES];
        normsV = new double[k * LANES];
        teacherConstant = new double[LANES];
        gradW = new double[m * d * LANES];
        gradA = new double[m * LANES];
        normsW = new double[m * LANES];
        theta = new double[m * m * LANES];
        cos = new double[m * m * LANES];
        sin = new double[m * m * LANES];
        coef = new double[(m + k) * LANES];
    }

    /** Puts a run into lane l: its weights and its teacher (rows at their true scale, as SmallReluRun holds them). */
    void load(int l, Network net, PreparedTeacher teacher) {
        scatter(net.w().data(), w, l);
        scatter(net.a(), a, l);
        for (int j = 0; j < k; j++) {
            double scale = Math.scalb(1.0, teacher.exponents()[j]);
            for (int t = 0; t < d; t++) {
                v[(j * d + t) * LANES + l] = teacher.v()[j * d + t] * scale;
            }
            normsV[j * LANES + l] = teacher.trueNorm(j);
            b[j * LANES + l] = teacher.b()[j];
        }
        teacherConstant[l] = teacher.constant();
    }

    /** The network of lane l, shaped as shape. */
    Network read(int l, Network shape) {
        return shape.withWeights(new Matrix(m, d, gather(w, l, m * d)), gather(a, l, m));
    }

    private static void scatter(double[] from, double[] to, int l) {
        for (int e = 0; e < from.length; e++) {
            to[e * LANES + l] = from[e];
        }
    }

    private static double[] gather(double[] from, int l, int count) {
        double[] out = new double[count];
        for (int e = 0; e < count; e++) {
            out[e] = from[e * LANES + l];
        }
        return out;
    }

    /** Loss and gradient of every lane at its current weights, with the trainer's norms. */
    void evaluate(boolean trainOuter) {
        rowNorms();
        studentAngles();
        DoubleVector total = DoubleVector.fromArray(S, teacherConstant, 0);
        for (int i = 0; i < m; i++) {
            total = total.add(row(i));
        }
        total.intoArray(loss, 0);
        norms(trainOuter);
    }

    /**
     * w -= lr grad (and a when trained) in the lanes whose stepping entry is non-zero, lr per
     * lane (a lane just loaded keeps its weights whatever its stale gradient holds).
     */
    void step(double[] lr, double[] stepping, boolean trainOuter) {
        VectorMask<Double> on = DoubleVector.fromArray(S, stepping, 0).compare(VectorOperators.NE, 0);
        DoubleVector rate = DoubleVector.fromArray(S, lr, 0);
        for (int e = 0; e < m * d; e++) {
            int at = e * LANES;
            DoubleVector x = DoubleVector.fromArray(S, w, at);
            x.blend(x.sub(rate.mul(DoubleVector.fromArray(S, gradW, at))), on).intoArray(w, at);
        }
        if (trainOuter) {
            for (int i = 0; i < m; i++) {
                int at = i * LANES;
                DoubleVector x = DoubleVector.fromArray(S, a, at);
                x.blend(x.sub(rate.mul(DoubleVector.fromArray(S, gradA, at))), on).intoArray(a, at);
            }
        }
    }

    /** |w_i| per lane; the range is checked per entry, as JDK 17 has no intrinsic for mask logic. */
    private void rowNorms() {
        for (int i = 0; i < m; i++) {
            dot(w, i, w, i).sqrt().intoArray(normsW, i * LANES);
        }
        long out = 0;
        for (int e = 0; e < m * LANES; e++) {
            double n = normsW[e];
            if ((n > 0 && n < LOW) || (n > HIGH && n < Double.POSITIVE_INFINITY)) {
                out |= 1L << (e % LANES);
            }
        }
        outOfRange = out;
    }

    /** Sum over t of x[row xr] * y[row yr], per lane, in index order. */
    private DoubleVector dot(double[] x, int xr, double[] y, int yr) {
        DoubleVector acc = DoubleVector.zero(S);
        int xo = xr * d * LANES;
        int yo = yr * d * LANES;
        for (int t = 0; t < d * LANES; t += LANES) {
            acc = DoubleVector.fromArray(S, x, xo + t).fma(DoubleVector.fromArray(S, y, yo + t), acc);
        }
        return acc;
    }

    private void studentAngles() {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1);
        for (int i = 0; i < m; i++) {
            int ii = (i * m + i) * LANES;
            zero.intoArray(theta, ii);
            one.intoArray(cos, ii);
            zero.intoArray(sin, ii);
            for (int q = i + 1; q < m; q++) {
                angle(i, normsW, w, q);
                for (int part = 0; part < 3; part++) {
                    double[] to = part == 0 ? theta : part == 1 ? cos : sin;
                    DoubleVector x = DoubleVector.fromArray(S, pair, part * LANES);
                    x.intoArray(to, (i * m + q) * LANES);
                    x.intoArray(to, (q * m + i) * LANES);
                }
            }
        }
    }

    /**
     * theta, cos, sin of row xr of w against row yr of y (norms ny) into pair, per lane: the Gram
     * cosine where |cos| &lt;= 0.99, else the direct form (docs/MATH.md section 2.1), computed only
     * when some lane needs it; the angle with a zero row is pi/2.
     */
    private void angle(int xr, double[] ny, double[] y, int yr) {
        double[] x = w;
        DoubleVector nx = DoubleVector.fromArray(S, normsW, xr * LANES);
        DoubleVector nyv = DoubleVector.fromArray(S, ny, yr * LANES);
        DoubleVector prod = nx.mul(nyv);
        VectorMask<Double> zero = prod.compare(VectorOperators.EQ, 0);
        DoubleVector c = dot(x, xr, y, yr).div(prod).max(-1.0).min(1.0).blend(0.0, zero);
        DoubleVector sn = c.neg().add(1).mul(c.add(1)).sqrt();
        DoubleVector th = VectorAtan.atan2(sn, c);
        VectorMask<Double> far = c.abs().compare(VectorOperators.GT, 0.99);
        if (far.anyTrue()) {
            // The small one of |u - e|^2, |u + e|^2 (u - e for a positive cosine), summed; the
            // other is 4 minus it (|u - e|^2 + |u + e|^2 = 4), accurate where it is near 4.
            DoubleVector iw = DoubleVector.broadcast(S, 1).div(nx);
            DoubleVector iv = DoubleVector.broadcast(S, -1).div(nyv);
            iv = iv.blend(iv.neg(), c.compare(VectorOperators.LT, 0));
            DoubleVector small = DoubleVector.zero(S);
            int xo = xr * d * LANES;
            int yo = yr * d * LANES;
            for (int t = 0; t < d * LANES; t += LANES) {
                DoubleVector r = DoubleVector.fromArray(S, x, xo + t).fma(iw, DoubleVector.fromArray(S, y, yo + t).mul(iv));
                small = r.fma(r, small);
            }
            small = small.min(4.0);
            DoubleVector big = small.neg().add(4.0);
            VectorMask<Double> parallel = c.compare(VectorOperators.GT, 0);
            DoubleVector diff = big.blend(small, parallel);
            DoubleVector sum = small.blend(big, parallel);
            DoubleVector dm = diff.sqrt();
            DoubleVector dp = sum.sqrt();
            th = th.blend(VectorAtan.atan2(dm, dp).mul(2), far);
            c = c.blend(sum.sub(diff).mul(0.25), far);
            sn = sn.blend(dm.mul(dp).mul(0.5), far);
        }
        th.intoArray(pair, 0);
        c.intoArray(pair, LANES);
        sn.intoArray(pair, 2 * LANES);
    }

    /** Row i's coefficients, gradient rows and dL/da_i (as SmallReluRun.row); returns its loss terms. */
    private DoubleVector row(int i) {
        DoubleVector ri = DoubleVector.fromArray(S, a, i * LANES).mul(s);
        DoubleVector ni = DoubleVector.fromArray(S, normsW, i * LANES);
        DoubleVector invNi = DoubleVector.broadcast(S, 1).div(ni).blend(0.0, ni.compare(VectorOperators.EQ, 0));
        DoubleVector kStudents = DoubleVector.zero(S);
        DoubleVector alphaStudents = DoubleVector.zero(S);
        for (int q = 0; q < m; q++) {
            int at = (i * m + q) * LANES;
            DoubleVector qh = DoubleVector.fromArray(S, a, q * LANES).mul(s);
            DoubleVector piMinus = DoubleVector.fromArray(S, theta, at).neg().add(Math.PI);
            DoubleVector nq = DoubleVector.fromArray(S, normsW, q * LANES);
            DoubleVector sn = DoubleVector.fromArray(S, sin, at);
            DoubleVector kernel = piMinus.fma(DoubleVector.fromArray(S, cos, at), sn).mul(ni.mul(nq)).mul(INV_2PI);
            kStudents = qh.fma(kernel, kStudents);
            alphaStudents = qh.fma(nq.mul(sn).mul(INV_2PI).mul(invNi), alphaStudents);
            ri.mul(qh).mul(piMinus.mul(INV_2PI)).intoArray(coef, q * LANES);
        }
        DoubleVector kTeachers = DoubleVector.zero(S);
        DoubleVector alphaTeachers = DoubleVector.zero(S);
        for (int j = 0; j < k; j++) {
            angle(i, normsV, v, j);
            DoubleVector bj = DoubleVector.fromArray(S, b, j * LANES);
            DoubleVector nj = DoubleVector.fromArray(S, normsV, j * LANES);
            DoubleVector piMinus = DoubleVector.fromArray(S, pair, 0).neg().add(Math.PI);
            DoubleVector sn = DoubleVector.fromArray(S, pair, 2 * LANES);
            DoubleVector kernel = piMinus.fma(DoubleVector.fromArray(S, pair, LANES), sn).mul(ni.mul(nj)).mul(INV_2PI);
            kTeachers = bj.fma(kernel, kTeachers);
            alphaTeachers = bj.fma(nj.mul(sn).mul(INV_2PI).mul(invNi), alphaTeachers);
            ri.neg().mul(bj).mul(piMinus.mul(INV_2PI)).intoArray(coef, (m + j) * LANES);
        }
        DoubleVector.fromArray(S, coef, i * LANES).add(ri.mul(alphaStudents.sub(alphaTeachers))).intoArray(coef, i * LANES);
        gradientRow(i);
        kStudents.sub(kTeachers).mul(s).intoArray(gradA, i * LANES);
        return ri.mul(0.5).mul(kStudents).sub(ri.mul(kTeachers));
    }

    /** grad_{w_i} = sum_q coef_q w_q + sum_j coef_{m+j} v_j, each entry summed in q, then j order. */
    private void gradientRow(int i) {
        for (int t = 0; t < d; t++) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int q = 0; q < m; q++) {
                acc = DoubleVector.fromArray(S, coef, q * LANES).fma(DoubleVector.fromArray(S, w, (q * d + t) * LANES), acc);
            }
            for (int j = 0; j < k; j++) {
                acc = DoubleVector.fromArray(S, coef, (m + j) * LANES).fma(DoubleVector.fromArray(S, v, (j * d + t) * LANES), acc);
            }
            acc.intoArray(gradW, (i * d + t) * LANES);
        }
    }

    /** max_i |grad_{w_i} L| and |grad L| (with dL/da when trained), per lane. */
    private void norms(boolean trainOuter) {
        DoubleVector max = DoubleVector.zero(S);
        DoubleVector all = DoubleVector.zero(S);
        for (int i = 0; i < m; i++) {
            DoubleVector sq = dot(gradW, i, gradW, i);
            max = max.max(sq.sqrt());
            all = all.add(sq);
        }
        if (trainOuter) {
            for (int i = 0; i < m; i++) {
                DoubleVector g = DoubleVector.fromArray(S, gradA, i * LANES);
                all = g.fma(g, all);
            }
        }
        max.intoArray(maxNeuron, 0);
        all.sqrt().intoArray(gradNorm, 0);
    }
}
