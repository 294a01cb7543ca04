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
 * <p>What differs from {@link SmallReluRun}, and so from the single-run path, by rounding only:
 * every angle is base + mult asin(x) and its sine sinScale sqrt(1 - x^2), from two polynomials
 * ({@link VectorAsin}, within a few ulps of StrictMath's acos and atan2 and of the exact sine,
 * and unlike the Vector API's transcendental functions the same at every JIT tier) where the
 * single-run path takes fdlibm's atan2 and a square root; cosines are dot products of unit rows;
 * the direct form near (anti)parallel pairs sums only the small one of |u-e|^2, |u+e|^2 (even and
 * odd entries apart) and takes the angle's cosine as +-(1 - small / 2) and its sine from half
 * the chord; dot products are fused multiply-adds in index order; the loss is summed without
 * compensation. docs/ENSEMBLES.md states the tolerance.
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
    /** Rows of w and of v divided by their norms (a zero row stays zero). */
    private final double[] unitW;
    private final double[] unitV;
    private final double[] coef;
    private final double[] rowLoss;
    /**
     * When every lane's teacher rows are standard basis vectors (the identity teachers of the
     * Safran-Shamir protocol), the basis index t of teacher row j at [t] (else -1), and for each
     * t the teacher row there (else -1): a dot product with such a row is the one entry it picks
     * and a gradient entry gains one coefficient, which is what the general loops compute from
     * the zeros, bit for bit, in a fraction of the work. Null while the teachers are not of that
     * kind; found again after every load.
     */
    private int[] teacherAt;
    private int[] basisOf;
    private boolean teachersLoaded;
    /**
     * Per pair: the student pairs i &lt; q in row order, then the student-teacher pairs (i, j),
     * then one diagonal entry (angle 0, cos 1, sin 0) that row i reads for q = i.
     */
    private final int pairs;
    private final double[] pairDot;
    private final double[] pairCos;
    private final double[] pairSin;
    /** Per pair, the angle as base + mult asin(x) ({@link VectorAsin}). */
    private final double[] asinX;
    private final double[] angleBase;
    private final double[] angleMult;
    /** Per pair, the sine of the angle as sinScale sqrt(1 - x^2) ({@link VectorAsin}). */
    private final double[] sinScale;
    private final double[] pairTheta;
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
        unitW = new double[m * d * LANES];
        unitV = new double[k * d * LANES];
        coef = new double[(m + k) * LANES];
        rowLoss = new double[m * LANES];
        pairs = m * (m - 1) / 2 + m * k;
        int entries = (pairs + 1) * LANES;
        pairDot = new double[entries];
        pairCos = new double[entries];
        pairSin = new double[entries];
        asinX = new double[entries];
        angleBase = new double[entries];
        angleMult = new double[entries];
        sinScale = new double[entries];
        pairTheta = new double[entries];
        java.util.Arrays.fill(pairCos, pairs * LANES, entries, 1.0);
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
            double inverse = teacher.trueNorm(j) == 0 ? 0 : 1 / teacher.trueNorm(j);
            for (int t = 0; t < d; t++) {
                unitV[(j * d + t) * LANES + l] = v[(j * d + t) * LANES + l] * inverse;
            }
            b[j * LANES + l] = teacher.b()[j];
        }
        teacherConstant[l] = teacher.constant();
        teachersLoaded = true;
    }

    /** Sets basisOf and teacherAt when every lane's teacher rows are distinct standard basis vectors, else clears them. */
    private void findBasisTeachers() {
        teachersLoaded = false;
        basisOf = null;
        teacherAt = null;
        int[] rowOf = new int[k];
        int[] at = new int[d];
        java.util.Arrays.fill(at, -1);
        for (int j = 0; j < k; j++) {
            rowOf[j] = -1;
            for (int t = 0; t < d; t++) {
                double entry = everyLane(v, (j * d + t) * LANES);
                if (entry != everyLane(unitV, (j * d + t) * LANES) || !(entry == 0 || entry == 1)) {
                    return;
                }
                if (entry == 1) {
                    if (rowOf[j] >= 0 || at[t] >= 0) {
                        return;
                    }
                    rowOf[j] = t;
                    at[t] = j;
                }
            }
            if (rowOf[j] < 0) {
                return;
            }
        }
        basisOf = rowOf;
        teacherAt = at;
    }

    /** The value every lane holds at entry e, or NaN when the lanes differ. */
    private static double everyLane(double[] x, int e) {
        double first = x[e];
        for (int l = 1; l < LANES; l++) {
            if (Double.doubleToRawLongBits(x[e + l]) != Double.doubleToRawLongBits(first)) {
                return Double.NaN;
            }
        }
        return first;
    }

    /** The network of lane l, shaped as shape. */
    Network read(int l, Network shape) {
        return shape.withWeights(new Matrix(m, d, gather(w, l, m * d)), gather(a, l, m));
    }

    /** grad_W of lane l after {@link #evaluate}, row-major m x d. */
    double[] gradientW(int l) {
        return gather(gradW, l, m * d);
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
        angles();
        // Each row's coefficients, then its gradient row, as separate methods: one method holding
        // both grew past what C2 inlines, and its last vector operations then ran as calls that
        // box (a survey allocated 600 MB/s); no vector crosses a method boundary here.
        for (int i = 0; i < m; i++) {
            row(i);
            gradientRow(i);
        }
        DoubleVector total = DoubleVector.fromArray(S, teacherConstant, 0);
        for (int i = 0; i < m; i++) {
            total = total.add(DoubleVector.fromArray(S, rowLoss, i * LANES));
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
            DoubleVector n = dot(w, i, w, i).sqrt();
            n.intoArray(normsW, i * LANES);
            DoubleVector inverse = DoubleVector.broadcast(S, 1).div(n).blend(0.0, n.compare(VectorOperators.EQ, 0));
            for (int e = i * d * LANES; e < (i + 1) * d * LANES; e += LANES) {
                DoubleVector.fromArray(S, w, e).mul(inverse).intoArray(unitW, e);
            }
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

    /**
     * theta, cos and sin of every pair: the dot products of unit rows first, four pairs at a
     * time, then each pair's cosine, then every angle in one {@link VectorAsin} loop. Vectors
     * cross no method boundary here: a vector passed to a method the JIT does not inline is boxed.
     */
    private void angles() {
        int p = 0;
        for (int i = 0; i < m; i++) {
            p = dots(i, unitW, i + 1, m, p);
        }
        if (teachersLoaded) {
            findBasisTeachers();
        }
        for (int i = 0; i < m; i++) {
            if (basisOf == null) {
                p = dots(i, unitV, 0, k, p);
            } else {
                for (int j = 0; j < k; j++) {
                    DoubleVector.fromArray(S, unitW, (i * d + basisOf[j]) * LANES).add(0.0).intoArray(pairDot, p++ * LANES);
                }
            }
        }
        p = 0;
        for (int i = 0; i < m; i++) {
            for (int q = i + 1; q < m; q++) {
                cosine(i, unitW, q, p++ * LANES);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                cosine(i, unitV, j, p++ * LANES);
            }
        }
        VectorAsin.angles(asinX, angleBase, angleMult, sinScale, pairTheta, pairSin, 0, pairs * LANES);
    }

    /**
     * Unit row i of w against unit rows from..to-1 of rows into pairDot from entry p on, four
     * rows a pass (four independent sums, each in index order, so the latency of one chain of
     * fused multiply-adds no longer bounds the loop); returns the next entry.
     */
    private int dots(int i, double[] rows, int from, int to, int p) {
        int xo = i * d * LANES;
        int r = from;
        for (; r + 4 <= to; r += 4) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            int yo = r * d * LANES;
            int stride = d * LANES;
            for (int t = 0; t < d * LANES; t += LANES) {
                DoubleVector x = DoubleVector.fromArray(S, unitW, xo + t);
                s0 = x.fma(DoubleVector.fromArray(S, rows, yo + t), s0);
                s1 = x.fma(DoubleVector.fromArray(S, rows, yo + stride + t), s1);
                s2 = x.fma(DoubleVector.fromArray(S, rows, yo + 2 * stride + t), s2);
                s3 = x.fma(DoubleVector.fromArray(S, rows, yo + 3 * stride + t), s3);
            }
            s0.intoArray(pairDot, p++ * LANES);
            s1.intoArray(pairDot, p++ * LANES);
            s2.intoArray(pairDot, p++ * LANES);
            s3.intoArray(pairDot, p++ * LANES);
        }
        for (; r < to; r++) {
            dot(unitW, i, rows, r).intoArray(pairDot, p++ * LANES);
        }
        return p;
    }

    /**
     * cos and sin of unit row xr of w against unit row yr of rows, and the arcsine form of
     * their angle, into the pair arrays at entry at, per lane: the Gram cosine where
     * |cos| &lt;= 0.99, else the direct form (docs/MATH.md section 2.1), computed only when
     * some lane needs it; the angle with a zero row is pi/2.
     */
    private void cosine(int xr, double[] rows, int yr, int at) {
        DoubleVector c = DoubleVector.fromArray(S, pairDot, at).max(-1.0).min(1.0);
        VectorMask<Double> positive = c.compare(VectorOperators.GT, 0);
        VectorMask<Double> middle = c.abs().compare(VectorOperators.LT, 0.5);
        // acos(c) = pi/2 - asin(c) in the middle, its sine sqrt(1 - c^2); beyond, with
        // h = sqrt((1 - |c|) / 2), 2 asin(h) or pi minus it, its sine 2 h sqrt(1 - h^2)
        DoubleVector half = c.abs().neg().add(1).mul(0.5).sqrt();
        DoubleVector x = half.blend(c, middle);
        DoubleVector scale = half.mul(2).blend(1.0, middle);
        DoubleVector base = DoubleVector.broadcast(S, Math.PI).blend(0.0, positive).blend(Math.PI / 2, middle);
        DoubleVector mult = DoubleVector.broadcast(S, -2).blend(2.0, positive).blend(-1.0, middle);
        VectorMask<Double> far = c.abs().compare(VectorOperators.GT, 0.99);
        if (far.anyTrue()) {
            // The small one of |u - e|^2, |u + e|^2 (u - e for a positive cosine), summed in two
            // halves (even and odd entries).
            DoubleVector sign = DoubleVector.broadcast(S, 1).blend(-1.0, positive);
            DoubleVector even = DoubleVector.zero(S);
            DoubleVector odd = even;
            int xo = xr * d * LANES;
            int yo = yr * d * LANES;
            int t = 0;
            for (; t + 2 * LANES <= d * LANES; t += 2 * LANES) {
                DoubleVector r0 = DoubleVector.fromArray(S, rows, yo + t).fma(sign, DoubleVector.fromArray(S, unitW, xo + t));
                DoubleVector r1 = DoubleVector.fromArray(S, rows, yo + t + LANES).fma(sign, DoubleVector.fromArray(S, unitW, xo + t + LANES));
                even = r0.fma(r0, even);
                odd = r1.fma(r1, odd);
            }
            if (t < d * LANES) {
                DoubleVector r0 = DoubleVector.fromArray(S, rows, yo + t).fma(sign, DoubleVector.fromArray(S, unitW, xo + t));
                even = r0.fma(r0, even);
            }
            DoubleVector small = even.add(odd).min(4.0);
            // |u - e| = 2 sin(theta / 2), |u + e| = 2 cos(theta / 2) = 2 sin((pi - theta) / 2): with
            // h half the small one, theta = 2 asin(h) or pi minus it (base and mult as set above
            // for |c| >= 1/2), sin theta = 2 h sqrt(1 - h^2), cos theta = +-(1 - 2 h^2) = +-(1 - small / 2)
            DoubleVector chord = small.sqrt();
            x = x.blend(chord.mul(0.5), far);
            scale = scale.blend(chord, far);
            DoubleVector nearOne = small.mul(-0.5).add(1);
            c = c.blend(nearOne.blend(nearOne.neg(), positive.not()), far);
        }
        c.intoArray(pairCos, at);
        scale.intoArray(sinScale, at);
        x.intoArray(asinX, at);
        base.intoArray(angleBase, at);
        mult.intoArray(angleMult, at);
    }

    /** The pair entry of rows i and q of w (the diagonal entry for q = i). */
    private int studentPair(int i, int q) {
        if (i == q) {
            return pairs * LANES;
        }
        int lo = Math.min(i, q);
        int hi = Math.max(i, q);
        return (lo * (2 * m - lo - 1) / 2 + hi - lo - 1) * LANES;
    }

    /** Row i's coefficients and dL/da_i (as SmallReluRun.row), and its loss terms into rowLoss. */
    private void row(int i) {
        DoubleVector ri = DoubleVector.fromArray(S, a, i * LANES).mul(s);
        DoubleVector ni = DoubleVector.fromArray(S, normsW, i * LANES);
        DoubleVector invNi = DoubleVector.broadcast(S, 1).div(ni).blend(0.0, ni.compare(VectorOperators.EQ, 0));
        DoubleVector kStudents = DoubleVector.zero(S);
        DoubleVector alphaStudents = DoubleVector.zero(S);
        for (int q = 0; q < m; q++) {
            int at = studentPair(i, q);
            DoubleVector qh = DoubleVector.fromArray(S, a, q * LANES).mul(s);
            DoubleVector piMinus = DoubleVector.fromArray(S, pairTheta, at).neg().add(Math.PI);
            DoubleVector nq = DoubleVector.fromArray(S, normsW, q * LANES);
            DoubleVector sn = DoubleVector.fromArray(S, pairSin, at);
            DoubleVector kernel = piMinus.fma(DoubleVector.fromArray(S, pairCos, at), sn).mul(ni.mul(nq)).mul(INV_2PI);
            kStudents = qh.fma(kernel, kStudents);
            alphaStudents = qh.fma(nq.mul(sn).mul(INV_2PI).mul(invNi), alphaStudents);
            ri.mul(qh).mul(piMinus.mul(INV_2PI)).intoArray(coef, q * LANES);
        }
        DoubleVector kTeachers = DoubleVector.zero(S);
        DoubleVector alphaTeachers = DoubleVector.zero(S);
        for (int j = 0; j < k; j++) {
            int at = (m * (m - 1) / 2 + i * k + j) * LANES;
            DoubleVector bj = DoubleVector.fromArray(S, b, j * LANES);
            DoubleVector nj = DoubleVector.fromArray(S, normsV, j * LANES);
            DoubleVector piMinus = DoubleVector.fromArray(S, pairTheta, at).neg().add(Math.PI);
            DoubleVector sn = DoubleVector.fromArray(S, pairSin, at);
            DoubleVector kernel = piMinus.fma(DoubleVector.fromArray(S, pairCos, at), sn).mul(ni.mul(nj)).mul(INV_2PI);
            kTeachers = bj.fma(kernel, kTeachers);
            alphaTeachers = bj.fma(nj.mul(sn).mul(INV_2PI).mul(invNi), alphaTeachers);
            ri.neg().mul(bj).mul(piMinus.mul(INV_2PI)).intoArray(coef, (m + j) * LANES);
        }
        DoubleVector.fromArray(S, coef, i * LANES).add(ri.mul(alphaStudents.sub(alphaTeachers))).intoArray(coef, i * LANES);
        kStudents.sub(kTeachers).mul(s).intoArray(gradA, i * LANES);
        ri.mul(0.5).mul(kStudents).sub(ri.mul(kTeachers)).intoArray(rowLoss, i * LANES);
    }

    /**
     * grad_{w_i} = sum_q coef_q w_q + sum_j coef_{m+j} v_j, each entry summed in q, then j
     * order, four entries a pass (independent chains; see {@link #dots}).
     */
    private void gradientRow(int i) {
        int t = 0;
        for (; t + 4 <= d; t += 4) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            for (int q = 0; q < m; q++) {
                DoubleVector c = DoubleVector.fromArray(S, coef, q * LANES);
                int at = (q * d + t) * LANES;
                s0 = c.fma(DoubleVector.fromArray(S, w, at), s0);
                s1 = c.fma(DoubleVector.fromArray(S, w, at + LANES), s1);
                s2 = c.fma(DoubleVector.fromArray(S, w, at + 2 * LANES), s2);
                s3 = c.fma(DoubleVector.fromArray(S, w, at + 3 * LANES), s3);
            }
            if (teacherAt == null) {
                for (int j = 0; j < k; j++) {
                    DoubleVector c = DoubleVector.fromArray(S, coef, (m + j) * LANES);
                    int at = (j * d + t) * LANES;
                    s0 = c.fma(DoubleVector.fromArray(S, v, at), s0);
                    s1 = c.fma(DoubleVector.fromArray(S, v, at + LANES), s1);
                    s2 = c.fma(DoubleVector.fromArray(S, v, at + 2 * LANES), s2);
                    s3 = c.fma(DoubleVector.fromArray(S, v, at + 3 * LANES), s3);
                }
            } else {
                s0 = plusTeacher(s0, t);
                s1 = plusTeacher(s1, t + 1);
                s2 = plusTeacher(s2, t + 2);
                s3 = plusTeacher(s3, t + 3);
            }
            int out = (i * d + t) * LANES;
            s0.intoArray(gradW, out);
            s1.intoArray(gradW, out + LANES);
            s2.intoArray(gradW, out + 2 * LANES);
            s3.intoArray(gradW, out + 3 * LANES);
        }
        for (; t < d; t++) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int q = 0; q < m; q++) {
                acc = DoubleVector.fromArray(S, coef, q * LANES).fma(DoubleVector.fromArray(S, w, (q * d + t) * LANES), acc);
            }
            if (teacherAt == null) {
                for (int j = 0; j < k; j++) {
                    acc = DoubleVector.fromArray(S, coef, (m + j) * LANES).fma(DoubleVector.fromArray(S, v, (j * d + t) * LANES), acc);
                }
            } else {
                acc = plusTeacher(acc, t);
            }
            acc.intoArray(gradW, (i * d + t) * LANES);
        }
    }

    /** acc plus the coefficient of the basis teacher row at entry t, if any (coef * 1 + acc, as the general loop forms it). */
    private DoubleVector plusTeacher(DoubleVector acc, int t) {
        int j = teacherAt[t];
        return j < 0 ? acc : acc.add(DoubleVector.fromArray(S, coef, (m + j) * LANES));
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
