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
    /**
     * Per lane, r_i = a_i s and h_i = r_i |w_i| of the current evaluation, and b_j |v_j| of the
     * teachers: the closed form's sums over q of r_q |w_q| k(theta_iq) become sums of h_q times
     * a term of the angle alone.
     */
    private final double[] outerW;
    private final double[] weightW;
    private final double[] weightV;
    /** coef_{iq} of grad_{w_i} = sum_q coef_{iq} w_q + ..., m x m, symmetric off the diagonal. */
    private final double[] studentCoef;
    /** coef_{i, m+j} of grad_{w_i} = ... + sum_j coef_{i, m+j} v_j, m x k. */
    private final double[] teacherCoef;
    /**
     * Per row, the running sums over students q of h_q ((pi - theta) cos theta + sin theta) and
     * of h_q sin theta (each pair adds its term to both of its rows as it is formed), and the
     * current row's two sums over teachers.
     */
    private final double[] kernelSum;
    private final double[] sineSum;
    private final double[] teacherSums = new double[2 * LANES];
    private final double[] rowLoss;
    /** Per row, the sum of squares of its gradient entries. */
    private final double[] rowSquares;
    /** The current row's dot products with its pairs' other rows, and one direct-form sum. */
    private final double[] rowDot;
    private final double[] chordSquare = new double[LANES];
    /**
     * For basis teachers ({@link #basisChordSquare}): per entry t of unit row chainRow of w, the
     * sum of squares of its entries of t's parity before t; the two totals (even, odd). Formed
     * once per row, on the first direct form the row needs (chainsFor is the row in hand).
     */
    private final double[] chainBefore;
    private final double[] chainTotal = new double[2 * LANES];
    private int chainRow = -1;
    private int chainsFor = -1;
    /** The current row's pairs in arcsine form ({@link #angleForms}). */
    private final double[] rowX;
    private final double[] rowScale;
    private final double[] rowBase;
    private final double[] rowMult;
    /** Whether pair p of the current row has its arcsine form in rowX..rowMult (else x = cos, base pi/2, mult and scale 1). */
    private final boolean[] special;
    /**
     * When every lane's teacher rows are standard basis vectors (the identity teachers of the
     * Safran-Shamir protocol), the basis index t of teacher row j at [t] (else -1), and for each
     * t the teacher row there (else -1): a dot product with such a row is the one entry it picks
     * and a gradient entry gains one coefficient, which is what the general loops compute from
     * the zeros, bit for bit, in a fraction of the work. Null while the teachers are not of that
     * kind; found again after every load.
     */
    private int[] basisOf;
    private boolean teachersLoaded;
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
        outerW = new double[m * LANES];
        weightW = new double[m * LANES];
        weightV = new double[k * LANES];
        studentCoef = new double[m * m * LANES];
        teacherCoef = new double[m * k * LANES];
        kernelSum = new double[m * LANES];
        sineSum = new double[m * LANES];
        rowLoss = new double[m * LANES];
        rowSquares = new double[m * LANES];
        rowDot = new double[Math.max(m, k) * LANES];
        rowX = new double[Math.max(m, k) * LANES];
        special = new boolean[Math.max(m, k)];
        chainBefore = new double[d * LANES];
        rowScale = new double[Math.max(m, k) * LANES];
        rowBase = new double[Math.max(m, k) * LANES];
        rowMult = new double[Math.max(m, k) * LANES];
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
            weightV[j * LANES + l] = teacher.b()[j] * teacher.trueNorm(j);
        }
        teacherConstant[l] = teacher.constant();
        teachersLoaded = true;
    }

    /** What lane l holds between steps: weights and teacher, as {@link #load} left them and the steps changed them. */
    record LaneState(double[] w, double[] a, double[] v, double[] b, double[] normsV, double[] unitV, double[] weightV,
                     double teacherConstant) {
    }

    LaneState save(int l) {
        return new LaneState(gather(w, l, m * d), gather(a, l, m), gather(v, l, k * d), gather(b, l, k), gather(normsV, l, k),
                gather(unitV, l, k * d), gather(weightV, l, k), teacherConstant[l]);
    }

    /** Puts a saved lane into lane l, bit for bit. */
    void restore(int l, LaneState state) {
        scatter(state.w(), w, l);
        scatter(state.a(), a, l);
        scatter(state.v(), v, l);
        scatter(state.b(), b, l);
        scatter(state.normsV(), normsV, l);
        scatter(state.unitV(), unitV, l);
        scatter(state.weightV(), weightV, l);
        teacherConstant[l] = state.teacherConstant();
        teachersLoaded = true;
    }

    /** Sets basisOf when every lane's teacher rows are distinct standard basis vectors, else clears them. */
    private void findBasisTeachers() {
        teachersLoaded = false;
        basisOf = null;
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

    /**
     * Loss and gradient of every lane at its current weights, with the trainer's norms. Row by
     * row: its dot products, its pairs with the later rows and with the teachers (angle, kernel
     * terms and coefficients of each pair formed in registers and added where they belong, so
     * that no per-pair array is streamed through the cache), then its loss terms and gradient
     * row. Row i's student sums are complete once its own pairs are done: every earlier row
     * added its term when it formed the pair.
     */
    void evaluate(boolean trainOuter) {
        rowNorms();
        if (teachersLoaded) {
            findBasisTeachers();
        }
        chainRow = -1;
        java.util.Arrays.fill(kernelSum, 0.0);
        java.util.Arrays.fill(sineSum, 0.0);
        gram();
        for (int i = 0; i < m; i++) {
            angleForms(i, unitW, i + 1, m - i - 1, studentCoef, (i * m + i + 1) * LANES);
            pairs(i, true);
            if (basisOf == null) {
                dots(i, unitV, 0, k, rowDot, 0);
            } else {
                for (int j = 0; j < k; j++) {
                    // + 0.0: the general loop's sum of the other entries' zero products
                    DoubleVector.fromArray(S, unitW, (i * d + basisOf[j]) * LANES).add(0.0).intoArray(rowDot, j * LANES);
                }
            }
            chainsFor = i;
            angleForms(i, unitV, 0, k, rowDot, 0);
            pairs(i, false);
            row(i);
        }
        gradient();
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
        sumSquares(w, normsW);
        for (int i = 0; i < m; i++) {
            DoubleVector n = DoubleVector.fromArray(S, normsW, i * LANES).sqrt();
            n.intoArray(normsW, i * LANES);
            DoubleVector r = DoubleVector.fromArray(S, a, i * LANES).mul(s);
            r.intoArray(outerW, i * LANES);
            r.mul(n).intoArray(weightW, i * LANES);
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

    /**
     * Per row i of x (m x d), the sum of its squared entries in index order into out at i, four
     * rows a pass (independent chains; one chain of d fused multiply-adds waits on their latency).
     */
    private void sumSquares(double[] x, double[] out) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            int o = i * d * LANES;
            int stride = d * LANES;
            for (int t = 0; t < d * LANES; t += LANES) {
                DoubleVector x0 = DoubleVector.fromArray(S, x, o + t);
                DoubleVector x1 = DoubleVector.fromArray(S, x, o + stride + t);
                DoubleVector x2 = DoubleVector.fromArray(S, x, o + 2 * stride + t);
                DoubleVector x3 = DoubleVector.fromArray(S, x, o + 3 * stride + t);
                s0 = x0.fma(x0, s0);
                s1 = x1.fma(x1, s1);
                s2 = x2.fma(x2, s2);
                s3 = x3.fma(x3, s3);
            }
            s0.intoArray(out, i * LANES);
            s1.intoArray(out, (i + 1) * LANES);
            s2.intoArray(out, (i + 2) * LANES);
            s3.intoArray(out, (i + 3) * LANES);
        }
        for (; i < m; i++) {
            dot(x, i, x, i).intoArray(out, i * LANES);
        }
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
     * The cosines of the student pairs, unit row i against unit row q &gt; i, into the upper
     * triangle of studentCoef (row i's pairs replace them with their coefficients once its
     * angles are formed): blocks of four rows by four rows ({@link #gramTile}), so that the rows
     * stream through the cache m / 4 times rather than m / 2, then the columns left over row by
     * row. Each product is summed in index order, as {@link #dots} sums it.
     */
    private void gram() {
        int blocks = m / 4 * 4;
        for (int i = 0; i < blocks; i += 4) {
            for (int q = i; q < blocks; q += 4) {
                gramTile(i, q);
            }
        }
        for (int i = 0; i < m; i++) {
            int from = Math.max(i + 1, blocks);
            if (from < m) {
                dots(i, unitW, from, m, studentCoef, (i * m + from) * LANES);
            }
        }
    }

    /** Unit rows i..i+3 of w against unit rows q..q+3, the pairs above the diagonal kept. */
    private void gramTile(int i, int q) {
        DoubleVector s00 = DoubleVector.zero(S);
        DoubleVector s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int stride = d * LANES;
        int xo = i * stride;
        int yo = q * stride;
        for (int t = 0; t < stride; t += LANES) {
            DoubleVector x0 = DoubleVector.fromArray(S, unitW, xo + t);
            DoubleVector x1 = DoubleVector.fromArray(S, unitW, xo + stride + t);
            DoubleVector x2 = DoubleVector.fromArray(S, unitW, xo + 2 * stride + t);
            DoubleVector x3 = DoubleVector.fromArray(S, unitW, xo + 3 * stride + t);
            DoubleVector y0 = DoubleVector.fromArray(S, unitW, yo + t);
            DoubleVector y1 = DoubleVector.fromArray(S, unitW, yo + stride + t);
            DoubleVector y2 = DoubleVector.fromArray(S, unitW, yo + 2 * stride + t);
            DoubleVector y3 = DoubleVector.fromArray(S, unitW, yo + 3 * stride + t);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
            s10 = x1.fma(y0, s10);
            s11 = x1.fma(y1, s11);
            s12 = x1.fma(y2, s12);
            s13 = x1.fma(y3, s13);
            s20 = x2.fma(y0, s20);
            s21 = x2.fma(y1, s21);
            s22 = x2.fma(y2, s22);
            s23 = x2.fma(y3, s23);
            s30 = x3.fma(y0, s30);
            s31 = x3.fma(y1, s31);
            s32 = x3.fma(y2, s32);
            s33 = x3.fma(y3, s33);
        }
        boolean off = q > i;
        int at = (i * m + q) * LANES;
        int row = m * LANES;
        if (off) {
            s00.intoArray(studentCoef, at);
            s10.intoArray(studentCoef, at + row);
            s11.intoArray(studentCoef, at + row + LANES);
            s20.intoArray(studentCoef, at + 2 * row);
            s21.intoArray(studentCoef, at + 2 * row + LANES);
            s22.intoArray(studentCoef, at + 2 * row + 2 * LANES);
            s30.intoArray(studentCoef, at + 3 * row);
            s31.intoArray(studentCoef, at + 3 * row + LANES);
            s32.intoArray(studentCoef, at + 3 * row + 2 * LANES);
            s33.intoArray(studentCoef, at + 3 * row + 3 * LANES);
        }
        s01.intoArray(studentCoef, at + LANES);
        s02.intoArray(studentCoef, at + 2 * LANES);
        s03.intoArray(studentCoef, at + 3 * LANES);
        s12.intoArray(studentCoef, at + row + 2 * LANES);
        s13.intoArray(studentCoef, at + row + 3 * LANES);
        s23.intoArray(studentCoef, at + 2 * row + 3 * LANES);
    }

    /**
     * Unit row i of w against unit rows from..to-1 of rows into out from entry at on, four rows a pass (four
     * independent sums, each in index order, so the latency of one chain of fused multiply-adds
     * no longer bounds the loop; rows to - 4.. as the last block).
     */
    private void dots(int i, double[] rows, int from, int to, double[] out, int at) {
        int xo = i * d * LANES;
        int stride = d * LANES;
        for (int r = from; r < to; r += 4) {
            // the last block ends at row to - 1, overlapping the one before (or rows before
            // from, whose products are not kept) rather than leaving single rows to one chain each
            int first = Math.min(r, to - 4);
            if (first < 0) {
                for (int q = r; q < to; q++) {
                    dot(unitW, i, rows, q).intoArray(out, at + (q - from) * LANES);
                }
                return;
            }
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            int yo = first * stride;
            for (int t = 0; t < d * LANES; t += LANES) {
                DoubleVector x = DoubleVector.fromArray(S, unitW, xo + t);
                s0 = x.fma(DoubleVector.fromArray(S, rows, yo + t), s0);
                s1 = x.fma(DoubleVector.fromArray(S, rows, yo + stride + t), s1);
                s2 = x.fma(DoubleVector.fromArray(S, rows, yo + 2 * stride + t), s2);
                s3 = x.fma(DoubleVector.fromArray(S, rows, yo + 3 * stride + t), s3);
            }
            int slot = first - from;
            if (slot >= 0) {
                s0.intoArray(out, at + slot * LANES);
            }
            if (slot + 1 >= 0) {
                s1.intoArray(out, at + (slot + 1) * LANES);
            }
            if (slot + 2 >= 0) {
                s2.intoArray(out, at + (slot + 2) * LANES);
            }
            s3.intoArray(out, at + (slot + 3) * LANES);
        }
    }

    /**
     * The arcsine form of the angle of each of row i's pairs with rows first.. of rows (the later
     * rows of w, or the teachers), cosines in dot from entry dotAt on: per pair and lane, the
     * cosine into rowDot and, where some lane has |cos| &gt;= 1/2 (the pair marked special),
     * pi - theta = base + mult asin(x) and sin theta = scale sqrt(1 - x^2) ({@link VectorAsin})
     * into rowX..rowMult, from the Gram cosine where |cos| &lt;= 0.99, else from the direct form
     * (docs/MATH.md section 2.1, computed only when some lane needs it, which also replaces the
     * cosine); the angle with a zero row is pi/2. A pass of its own: one method holding this and
     * {@link #pairs} grew past what C2 inlines, and its vector operations then ran as calls that box.
     */
    private void angleForms(int i, double[] rows, int first, int count, double[] dot, int dotAt) {
        for (int p = 0; p < count; p++) {
            int at = p * LANES;
            DoubleVector c = DoubleVector.fromArray(S, dot, dotAt + at).max(-1.0).min(1.0);
            VectorMask<Double> middle = c.abs().compare(VectorOperators.LT, 0.5);
            // pi - acos(c) = pi/2 + asin(c) in the middle, its sine sqrt(1 - c^2) (what pairs
            // takes for a pair not marked special); beyond, with h = sqrt((1 - |c|) / 2),
            // pi - 2 asin(h) (c > 0) or 2 asin(h), its sine 2 h sqrt(1 - h^2)
            if (middle.allTrue()) {
                special[p] = false;
                c.intoArray(rowDot, at);
                continue;
            }
            special[p] = true;
            VectorMask<Double> positive = c.compare(VectorOperators.GT, 0);
            DoubleVector half = c.abs().neg().add(1).mul(0.5).sqrt();
            DoubleVector x = half.blend(c, middle);
            DoubleVector scale = half.mul(2).blend(1.0, middle);
            DoubleVector base = DoubleVector.zero(S).blend(Math.PI, positive).blend(Math.PI / 2, middle);
            DoubleVector mult = DoubleVector.broadcast(S, 2.0).blend(-2.0, positive).blend(1.0, middle);
            VectorMask<Double> far = c.abs().compare(VectorOperators.GT, 0.99);
            if (far.anyTrue()) {
                c.intoArray(rowDot, at); // the sign the direct form takes
                // |u - e| = 2 sin(theta / 2), |u + e| = 2 cos(theta / 2): with h half the small
                // one, the angle is as above and sin theta = 2 h sqrt(1 - h^2),
                // cos theta = +-(1 - 2 h^2) = +-(1 - small / 2)
                if (rows == unitV && basisOf != null) {
                    basisChordSquare(basisOf[first + p], p);
                } else {
                    chordSquare(i, rows, first + p, p);
                }
                DoubleVector small = DoubleVector.fromArray(S, chordSquare, 0);
                DoubleVector chord = small.sqrt();
                x = x.blend(chord.mul(0.5), far);
                scale = scale.blend(chord, far);
                DoubleVector nearOne = small.mul(-0.5).add(1);
                c = c.blend(nearOne.blend(nearOne.neg(), positive.not()), far);
            }
            c.intoArray(rowDot, at);
            x.intoArray(rowX, at);
            scale.intoArray(rowScale, at);
            base.intoArray(rowBase, at);
            mult.intoArray(rowMult, at);
        }
    }

    /**
     * Row i's pairs with the later rows of w (students) or with the teachers, in the forms
     * {@link #angleForms} left: per pair, its coefficient r_i r_q (pi - theta) / 2 pi (for a
     * teacher -r_i b_j (pi - theta) / 2 pi) and its terms h_q ((pi - theta) cos + sin) and
     * h_q sin of row i's sums (of row q's too, with h_i, for a student pair). Vectors cross no
     * method boundary here but VectorAsin's polynomials, which the JIT inlines.
     */
    private void pairs(int i, boolean students) {
        int first = students ? i + 1 : 0;
        int count = students ? m - i - 1 : k;
        double[] weight = students ? weightW : weightV;
        double[] outer = students ? outerW : b;
        DoubleVector ri = DoubleVector.fromArray(S, outerW, i * LANES);
        DoubleVector hi = DoubleVector.fromArray(S, weightW, i * LANES);
        DoubleVector factor = ri.mul(students ? INV_2PI : -INV_2PI);
        // the diagonal pair (theta = 0, cos 1, sin 0) comes after the earlier rows' terms
        DoubleVector kernel = students ? hi.fma(DoubleVector.broadcast(S, Math.PI), DoubleVector.fromArray(S, kernelSum, i * LANES)) : DoubleVector.zero(S);
        DoubleVector sine = students ? DoubleVector.fromArray(S, sineSum, i * LANES) : DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector halfPi = DoubleVector.broadcast(S, Math.PI / 2);
        for (int p = 0; p < count; p++) {
            int at = p * LANES;
            int q = first + p;
            DoubleVector c = DoubleVector.fromArray(S, rowDot, at);
            DoubleVector x = c;
            DoubleVector scale = one;
            DoubleVector base = halfPi;
            DoubleVector mult = one;
            if (special[p]) {
                x = DoubleVector.fromArray(S, rowX, at);
                scale = DoubleVector.fromArray(S, rowScale, at);
                base = DoubleVector.fromArray(S, rowBase, at);
                mult = DoubleVector.fromArray(S, rowMult, at);
            }
            DoubleVector z = x.mul(x);
            DoubleVector piMinus = mult.fma(x.mul(z).fma(VectorAsin.tail(z), x), base);
            DoubleVector sin = scale.mul(z.neg().add(1).sqrt());
            DoubleVector term = piMinus.fma(c, sin);
            DoubleVector hq = DoubleVector.fromArray(S, weight, q * LANES);
            kernel = hq.fma(term, kernel);
            sine = hq.fma(sin, sine);
            DoubleVector coef = factor.mul(DoubleVector.fromArray(S, outer, q * LANES)).mul(piMinus);
            if (students) {
                coef.intoArray(studentCoef, (i * m + q) * LANES);
                coef.intoArray(studentCoef, (q * m + i) * LANES);
                hi.fma(term, DoubleVector.fromArray(S, kernelSum, q * LANES)).intoArray(kernelSum, q * LANES);
                hi.fma(sin, DoubleVector.fromArray(S, sineSum, q * LANES)).intoArray(sineSum, q * LANES);
            } else {
                coef.intoArray(teacherCoef, (i * k + q) * LANES);
            }
        }
        if (students) {
            kernel.intoArray(kernelSum, i * LANES);
            sine.intoArray(sineSum, i * LANES);
        } else {
            kernel.intoArray(teacherSums, 0);
            sine.intoArray(teacherSums, LANES);
        }
    }

    /**
     * Into chordSquare, per lane: the small one of |u - e|^2, |u + e|^2 (u - e where the cosine
     * in rowDot at pair p is positive) of unit row xr of w and unit row yr of rows, summed in
     * two halves (even and odd entries), at most 4.
     */
    private void chordSquare(int xr, double[] rows, int yr, int p) {
        VectorMask<Double> positive = DoubleVector.fromArray(S, rowDot, p * LANES).compare(VectorOperators.GT, 0);
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
        even.add(odd).min(4.0).intoArray(chordSquare, 0);
    }

    /**
     * The two sums of {@link #chordSquare} for unit row i of w against every basis teacher at
     * once: both sums of squares over the row's even and odd entries, and each entry's running
     * sum of its own parity before it. Against e_t only entry t differs from the row's own
     * (u_s + 0 sign is u_s), so chordSquare's sum is its prefix, entry t's term, then the rest of
     * that parity, and the other parity's total: the same additions in the same order.
     */
    private void chains(int i) {
        DoubleVector even = DoubleVector.zero(S);
        DoubleVector odd = even;
        int xo = i * d * LANES;
        int t = 0;
        for (; t + 1 < d; t += 2) {
            DoubleVector u0 = DoubleVector.fromArray(S, unitW, xo + t * LANES);
            DoubleVector u1 = DoubleVector.fromArray(S, unitW, xo + (t + 1) * LANES);
            even.intoArray(chainBefore, t * LANES);
            odd.intoArray(chainBefore, (t + 1) * LANES);
            even = u0.fma(u0, even);
            odd = u1.fma(u1, odd);
        }
        if (t < d) {
            DoubleVector u0 = DoubleVector.fromArray(S, unitW, xo + t * LANES);
            even.intoArray(chainBefore, t * LANES);
            even = u0.fma(u0, even);
        }
        even.intoArray(chainTotal, 0);
        odd.intoArray(chainTotal, LANES);
        chainRow = i;
    }

    /** chordSquare of the current row against e_t, from {@link #chains}: the cosine at pair p. */
    private void basisChordSquare(int t, int p) {
        if (chainRow != chainsFor) {
            chains(chainsFor);
        }
        VectorMask<Double> positive = DoubleVector.fromArray(S, rowDot, p * LANES).compare(VectorOperators.GT, 0);
        DoubleVector sign = DoubleVector.broadcast(S, 1).blend(-1.0, positive);
        int xo = chainRow * d * LANES;
        DoubleVector r = DoubleVector.broadcast(S, 1.0).fma(sign, DoubleVector.fromArray(S, unitW, xo + t * LANES));
        DoubleVector own = r.fma(r, DoubleVector.fromArray(S, chainBefore, t * LANES));
        for (int e = t + 2; e < d; e += 2) {
            DoubleVector u = DoubleVector.fromArray(S, unitW, xo + e * LANES);
            own = u.fma(u, own);
        }
        DoubleVector other = DoubleVector.fromArray(S, chainTotal, (1 - t % 2) * LANES);
        DoubleVector even = t % 2 == 0 ? own : other;
        DoubleVector odd = t % 2 == 0 ? other : own;
        even.add(odd).min(4.0).intoArray(chordSquare, 0);
    }

    /**
     * Row i's own coefficient, dL/da_i and loss terms (as SmallReluRun.row) from its sums: the
     * kernel sums times |w_i| / 2 pi, the sine sums times 1 / (2 pi |w_i|) (0 for a zero row).
     */
    private void row(int i) {
        DoubleVector ri = DoubleVector.fromArray(S, outerW, i * LANES);
        DoubleVector ni = DoubleVector.fromArray(S, normsW, i * LANES);
        DoubleVector invNi = DoubleVector.broadcast(S, INV_2PI).div(ni).blend(0.0, ni.compare(VectorOperators.EQ, 0));
        DoubleVector toKernel = ni.mul(INV_2PI);
        DoubleVector kStudents = DoubleVector.fromArray(S, kernelSum, i * LANES).mul(toKernel);
        DoubleVector kTeachers = DoubleVector.fromArray(S, teacherSums, 0).mul(toKernel);
        DoubleVector alpha = DoubleVector.fromArray(S, sineSum, i * LANES).sub(DoubleVector.fromArray(S, teacherSums, LANES)).mul(invNi);
        int at = (i * m + i) * LANES;
        ri.mul(INV_2PI).mul(ri).mul(Math.PI).add(ri.mul(alpha)).intoArray(studentCoef, at);
        kStudents.sub(kTeachers).mul(s).intoArray(gradA, i * LANES);
        ri.mul(0.5).mul(kStudents).sub(ri.mul(kTeachers)).intoArray(rowLoss, i * LANES);
    }

    /**
     * Every gradient row: blocks of four rows by four entries ({@link #gradientTile}), so that
     * w streams through the cache m / 4 times rather than m times, then the rows and entries
     * left over one row at a time.
     */
    private void gradient() {
        int rows = m / 4 * 4;
        int entries = d / 4 * 4;
        for (int i = 0; i < rows; i += 4) {
            for (int t = 0; t < entries; t += 4) {
                gradientTile(i, t);
            }
            for (int r = i; r < i + 4 && entries < d; r++) {
                gradientRow(r, entries);
            }
        }
        for (int i = rows; i < m; i++) {
            gradientRow(i, 0);
        }
        if (basisOf != null) {
            basisTeacherTerms();
        }
    }

    /** Entries t..t+3 of rows i..i+3 of grad_W, each summed as {@link #gradientRow} sums it. */
    private void gradientTile(int i, int t) {
        DoubleVector s00 = DoubleVector.zero(S);
        DoubleVector s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        DoubleVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int general = basisOf == null ? k : 0;
        for (int q = 0; q < m + general; q++) {
            boolean student = q < m;
            double[] coef = student ? studentCoef : teacherCoef;
            int stride = (student ? m : k) * LANES;
            int c0 = (i * (student ? m : k) + (student ? q : q - m)) * LANES;
            DoubleVector c0v = DoubleVector.fromArray(S, coef, c0);
            DoubleVector c1v = DoubleVector.fromArray(S, coef, c0 + stride);
            DoubleVector c2v = DoubleVector.fromArray(S, coef, c0 + 2 * stride);
            DoubleVector c3v = DoubleVector.fromArray(S, coef, c0 + 3 * stride);
            double[] rows = student ? w : v;
            int at = ((student ? q : q - m) * d + t) * LANES;
            DoubleVector x0 = DoubleVector.fromArray(S, rows, at);
            DoubleVector x1 = DoubleVector.fromArray(S, rows, at + LANES);
            DoubleVector x2 = DoubleVector.fromArray(S, rows, at + 2 * LANES);
            DoubleVector x3 = DoubleVector.fromArray(S, rows, at + 3 * LANES);
            s00 = c0v.fma(x0, s00);
            s01 = c0v.fma(x1, s01);
            s02 = c0v.fma(x2, s02);
            s03 = c0v.fma(x3, s03);
            s10 = c1v.fma(x0, s10);
            s11 = c1v.fma(x1, s11);
            s12 = c1v.fma(x2, s12);
            s13 = c1v.fma(x3, s13);
            s20 = c2v.fma(x0, s20);
            s21 = c2v.fma(x1, s21);
            s22 = c2v.fma(x2, s22);
            s23 = c2v.fma(x3, s23);
            s30 = c3v.fma(x0, s30);
            s31 = c3v.fma(x1, s31);
            s32 = c3v.fma(x2, s32);
            s33 = c3v.fma(x3, s33);
        }
        int out = (i * d + t) * LANES;
        int row = d * LANES;
        s00.intoArray(gradW, out);
        s01.intoArray(gradW, out + LANES);
        s02.intoArray(gradW, out + 2 * LANES);
        s03.intoArray(gradW, out + 3 * LANES);
        s10.intoArray(gradW, out + row);
        s11.intoArray(gradW, out + row + LANES);
        s12.intoArray(gradW, out + row + 2 * LANES);
        s13.intoArray(gradW, out + row + 3 * LANES);
        s20.intoArray(gradW, out + 2 * row);
        s21.intoArray(gradW, out + 2 * row + LANES);
        s22.intoArray(gradW, out + 2 * row + 2 * LANES);
        s23.intoArray(gradW, out + 2 * row + 3 * LANES);
        s30.intoArray(gradW, out + 3 * row);
        s31.intoArray(gradW, out + 3 * row + LANES);
        s32.intoArray(gradW, out + 3 * row + 2 * LANES);
        s33.intoArray(gradW, out + 3 * row + 3 * LANES);
    }

    /**
     * grad_{w_i} = sum_q coef_q w_q + sum_j coef_{m+j} v_j, each entry summed in q, then j
     * order, entries from.. of row i, four entries a pass, then one (independent chains; see
     * {@link #dots}).
     */
    private void gradientRow(int i, int from) {
        int t = from;
        for (; t + 4 <= d; t += 4) {
            DoubleVector s0 = DoubleVector.zero(S);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            for (int q = 0; q < m; q++) {
                DoubleVector c = DoubleVector.fromArray(S, studentCoef, (i * m + q) * LANES);
                int at = (q * d + t) * LANES;
                s0 = c.fma(DoubleVector.fromArray(S, w, at), s0);
                s1 = c.fma(DoubleVector.fromArray(S, w, at + LANES), s1);
                s2 = c.fma(DoubleVector.fromArray(S, w, at + 2 * LANES), s2);
                s3 = c.fma(DoubleVector.fromArray(S, w, at + 3 * LANES), s3);
            }
            if (basisOf == null) {
                for (int j = 0; j < k; j++) {
                    DoubleVector c = DoubleVector.fromArray(S, teacherCoef, (i * k + j) * LANES);
                    int at = (j * d + t) * LANES;
                    s0 = c.fma(DoubleVector.fromArray(S, v, at), s0);
                    s1 = c.fma(DoubleVector.fromArray(S, v, at + LANES), s1);
                    s2 = c.fma(DoubleVector.fromArray(S, v, at + 2 * LANES), s2);
                    s3 = c.fma(DoubleVector.fromArray(S, v, at + 3 * LANES), s3);
                }
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
                acc = DoubleVector.fromArray(S, studentCoef, (i * m + q) * LANES).fma(DoubleVector.fromArray(S, w, (q * d + t) * LANES), acc);
            }
            if (basisOf == null) {
                for (int j = 0; j < k; j++) {
                    acc = DoubleVector.fromArray(S, teacherCoef, (i * k + j) * LANES).fma(DoubleVector.fromArray(S, v, (j * d + t) * LANES), acc);
                }
            }
            acc.intoArray(gradW, (i * d + t) * LANES);
        }
    }

    /**
     * Basis teachers: each gradient entry t gains the coefficient of the teacher row e_t (if
     * any) after its student sum, as coef * 1 + acc, which is what the general loop's sum over
     * the teachers forms from the zeros.
     */
    private void basisTeacherTerms() {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                int at = (i * d + basisOf[j]) * LANES;
                DoubleVector.fromArray(S, gradW, at).add(DoubleVector.fromArray(S, teacherCoef, (i * k + j) * LANES)).intoArray(gradW, at);
            }
        }
    }

    /** max_i |grad_{w_i} L| and |grad L| (with dL/da when trained), per lane. */
    private void norms(boolean trainOuter) {
        sumSquares(gradW, rowSquares);
        DoubleVector max = DoubleVector.zero(S);
        DoubleVector all = DoubleVector.zero(S);
        for (int i = 0; i < m; i++) {
            DoubleVector sq = DoubleVector.fromArray(S, rowSquares, i * LANES);
            max = max.max(sq);
            all = all.add(sq);
        }
        if (trainOuter) {
            for (int i = 0; i < m; i++) {
                DoubleVector g = DoubleVector.fromArray(S, gradA, i * LANES);
                all = g.fma(g, all);
            }
        }
        // the square root of the largest square is the largest root, bit for bit (the root is
        // monotone and correctly rounded)
        max.sqrt().intoArray(maxNeuron, 0);
        all.sqrt().intoArray(gradNorm, 0);
    }
}
