package dev.barron.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass and the empirical loss and gradient of a relu network
 * (docs/MATH.md section 4, as {@link EmpiricalEvaluator} computes them) in float32 for batches
 * with few input coordinates, fused into one pass over X: X, W, Z, D and the sums in float, as
 * the BLAS path stores them, f and the residual in double.
 * With d small both products are thin (an inner dimension of d, or an output of d columns),
 * where a BLAS runs at a fraction of its rate while Z and D stream through memory between
 * calls; here each panel of {@link #PANEL} rows goes X -&gt; Z -&gt; (f, e, H^T e, D) -&gt;
 * D^T X while its Z stays in cache. Both products run as register tiles, each sum in index
 * order, with one slice of neurons at a time held in the level-1 cache across the panel:
 * Z as six rows by four vectors of neurons (24 accumulators), D^T X as ten input
 * coordinates by two vectors of neurons (20), inputs beyond the last twenty as four by four.
 *
 * <p>Storage: W transposed in slices of {@link #TILE_NEURONS} neurons (slice after slice,
 * each d x TILE_NEURONS row-major), the width padded to whole slices (and to a multiple of
 * {@link #SLOTS}) with zero neurons (their preactivation is 0 and their outer weight 0, so they
 * add nothing); X panels copied into
 * rows of d rounded up to four (zero columns), the panel rounded up to six rows, or read where
 * they are when X is of the kernel's element type and d a multiple of four. Zeros add
 * exactly, so the padding changes no result.
 */
final class FusedRelu32 implements FusedRelu {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int TILE_ROWS = 6;
    private static final int TILE_INPUTS = 4;
    private static final int TEN = 10;
    static final int TILE_NEURONS = 4 * L;
    /** Partial sums of a row's output: 16 wherever a vector holds at most 16 elements. */
    private static final int SLOTS = Math.max(16, L);

    private final int m;
    private final int d;
    private final int mPad;
    private final int dPad;
    private final double s;
    private final float[] wtTiles;
    private final float[] aPad;

    FusedRelu32(double s, double[] w, double[] a, int m, int d) {
        this.m = m;
        this.d = d;
        this.s = s;
        int unit = Math.max(TILE_NEURONS, SLOTS);
        mPad = (m + unit - 1) / unit * unit;
        dPad = (d + TILE_INPUTS - 1) / TILE_INPUTS * TILE_INPUTS;
        wtTiles = new float[dPad * mPad];
        aPad = new float[mPad];
        for (int j = 0; j < m; j++) {
            int slice = j - j % TILE_NEURONS;
            for (int t = 0; t < d; t++) {
                wtTiles[slice * dPad + t * TILE_NEURONS + j % TILE_NEURONS] = (float) w[j * d + t];
            }
            aPad[j] = (float) a[j];
        }
    }

    @Override
    public Part rows(Object x, double[] y, int from, int to, double scale, double[] squared) {
        float[] own = new float[PANEL * dPad];
        float[] work = work();
        int z0 = LineAligned.floatStart();
        int g0 = z0 + PANEL * mPad;
        java.util.Arrays.fill(work, g0, g0 + dPad * mPad, 0);
        float[] outer = new float[mPad];
        float[] part = new float[SLOTS];
        for (int p = from; p < to; p += PANEL) {
            int rows = Math.min(PANEL, to - p);
            float[] xp = panel(x, p, rows, own);
            int x0 = xp == own ? 0 : p * d;
            preactivations(xp, x0, wholeTiles(rows), work, z0);
            for (int r = 0; r < rows; r++) {
                double e = residualRow(work, z0 + r * mPad, part) - y[p + r];
                squared[p + r] = e * e;
                derivativeRow(work, z0 + r * mPad, e, scale, outer);
            }
            addProduct(xp, x0, work, z0, rows, g0);
        }
        return new Part(widen(work, g0, dPad * mPad), widen(outer, 0, mPad));
    }

    @Override
    public boolean forward(Object x, int from, int to, double[] f) {
        float[] own = new float[PANEL * dPad];
        float[] z = work();
        int z0 = LineAligned.floatStart();
        float[] part = new float[SLOTS];
        for (int p = from; p < to; p += PANEL) {
            int rows = Math.min(PANEL, to - p);
            float[] xp = checkedPanel(x, p, rows, own);
            if (xp == null) {
                return false;
            }
            preactivations(xp, xp == own ? 0 : p * d, wholeTiles(rows), z, z0);
            for (int r = 0; r < rows; r++) {
                f[p + r] = residualRow(z, z0 + r * mPad, part);
            }
        }
        return true;
    }

    @Override
    public void productsOnly(Object x, int from, int to) {
        float[] own = new float[PANEL * dPad];
        float[] work = work();
        int z0 = LineAligned.floatStart();
        int g0 = z0 + PANEL * mPad;
        java.util.Arrays.fill(work, g0, g0 + dPad * mPad, 0);
        for (int p = from; p < to; p += PANEL) {
            int rows = Math.min(PANEL, to - p);
            float[] xp = panel(x, p, rows, own);
            int x0 = xp == own ? 0 : p * d;
            preactivations(xp, x0, wholeTiles(rows), work, z0);
            addProduct(xp, x0, work, z0, rows, g0);
        }
    }

    @Override
    public double[] gradW(double[] gradWt) {
        double[] g = new double[m * d];
        for (int j = 0; j < m; j++) {
            for (int t = 0; t < d; t++) {
                g[j * d + t] = gradWt[t * mPad + j];
            }
        }
        return g;
    }

    /**
     * The calling thread's work array ({@link LineAligned}): a panel's Z (then D) from
     * {@link LineAligned#floatStart()} on, PANEL x mPad, then grad W transposed, dPad x mPad, both
     * starting on cache lines, since mPad is a multiple of 64 bytes' worth of elements.
     */
    private float[] work() {
        return LineAligned.floats(PANEL * mPad + dPad * mPad);
    }

    /**
     * Rows first .. first+rows-1 of x as the tiles read them, rows of dPad entries from
     * {@code first * d} on in x itself, or from 0 on in own: x itself when it is float data
     * with d a multiple of four and the panel's whole tiles lie inside it (the tiles then also
     * read the rows after the panel's last, whose results are never used), else own, filled by
     * {@link #copyPanel}. A fit passes the same X every step, and copying it took about a tenth
     * of the products' time.
     */
    private float[] panel(Object x, int first, int rows, float[] own) {
        if (x instanceof float[] data && d == dPad && (long) (first + wholeTiles(rows)) * d <= data.length) {
            return data;
        }
        if (x instanceof double[] doubles) {
            copyPanel(doubles, first, rows, own);
        } else {
            copyPanel((float[]) x, first, rows, own);
        }
        return own;
    }

    /** {@link #panel} once rows first .. first+rows-1 of x are checked finite; null if they are not. */
    private float[] checkedPanel(Object x, int first, int rows, float[] own) {
        boolean finite = x instanceof double[] doubles
                ? BatchCopy.finite(doubles, first * d, rows * d)
                : BatchCopy.finite((float[]) x, first * d, rows * d);
        return finite ? panel(x, first, rows, own) : null;
    }

    /** rows rounded up to whole forward tiles (padding rows: zero in a copied panel, the next rows of X in place). */
    private static int wholeTiles(int rows) {
        return (rows + TILE_ROWS - 1) / TILE_ROWS * TILE_ROWS;
    }

    /**
     * Rows first .. first+rows-1 of x into the panel xp, rows of d entries padded to dPad. The
     * padding columns are zero from the allocation and never written, so only the padding rows
     * of a last, partial panel are cleared: clearing the whole panel each time, with the copy,
     * took a tenth of the float kernel's time on its products.
     */
    private void copyPanel(double[] x, int first, int rows, float[] xp) {
        if (d == dPad) {
            int from = first * d;
            for (int e = 0; e < rows * d; e++) {
                xp[e] = (float) x[from + e];
            }
        } else {
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < d; t++) {
                    xp[r * dPad + t] = (float) x[(first + r) * d + t];
                }
            }
        }
        java.util.Arrays.fill(xp, rows * dPad, wholeTiles(rows) * dPad, 0);
    }

    private void copyPanel(float[] x, int first, int rows, float[] xp) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, (first + r) * d, xp, r * dPad, d);
        }
        java.util.Arrays.fill(xp, rows * dPad, wholeTiles(rows) * dPad, 0);
    }

    /**
     * Z = Xp W^T for panel rows 0 .. rows-1 (a multiple of TILE_ROWS; rows of dPad entries from
     * x0 on in xp): for each slice of neurons (in cache across the panel), one {@link #tile} per
     * six rows.
     */
    private void preactivations(float[] xp, int x0, int rows, float[] z, int z0) {
        for (int j = 0; j < mPad; j += TILE_NEURONS) {
            for (int r = 0; r < rows; r += TILE_ROWS) {
                tile(xp, x0 + r * dPad, dPad, wtTiles, j * dPad, z, z0 + r * mPad + j, mPad);
            }
        }
    }

    /**
     * One work tile of a product X B^T: rows x0 / inner .. +5 of X (row-major, inner columns)
     * against one slice of TILE_NEURONS rows of B, stored transposed from slice on (inner x
     * TILE_NEURONS, row-major), into z at, at, +stride, ...: 24 accumulators, each summed over
     * t in order.
     */
    private static void tile(float[] x, int x0, int inner, float[] slices, int slice, float[] z, int at, int stride) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c42 = c00;
        FloatVector c43 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c52 = c00;
        FloatVector c53 = c00;
        for (int t = 0; t < inner; t++) {
            int wAt = slice + t * TILE_NEURONS;
            FloatVector w0 = FloatVector.fromArray(S, slices, wAt);
            FloatVector w1 = FloatVector.fromArray(S, slices, wAt + L);
            FloatVector w2 = FloatVector.fromArray(S, slices, wAt + 2 * L);
            FloatVector w3 = FloatVector.fromArray(S, slices, wAt + 3 * L);
            FloatVector b = FloatVector.broadcast(S, x[x0 + t]);
            c00 = w0.fma(b, c00);
            c01 = w1.fma(b, c01);
            c02 = w2.fma(b, c02);
            c03 = w3.fma(b, c03);
            b = FloatVector.broadcast(S, x[x0 + inner + t]);
            c10 = w0.fma(b, c10);
            c11 = w1.fma(b, c11);
            c12 = w2.fma(b, c12);
            c13 = w3.fma(b, c13);
            b = FloatVector.broadcast(S, x[x0 + 2 * inner + t]);
            c20 = w0.fma(b, c20);
            c21 = w1.fma(b, c21);
            c22 = w2.fma(b, c22);
            c23 = w3.fma(b, c23);
            b = FloatVector.broadcast(S, x[x0 + 3 * inner + t]);
            c30 = w0.fma(b, c30);
            c31 = w1.fma(b, c31);
            c32 = w2.fma(b, c32);
            c33 = w3.fma(b, c33);
            b = FloatVector.broadcast(S, x[x0 + 4 * inner + t]);
            c40 = w0.fma(b, c40);
            c41 = w1.fma(b, c41);
            c42 = w2.fma(b, c42);
            c43 = w3.fma(b, c43);
            b = FloatVector.broadcast(S, x[x0 + 5 * inner + t]);
            c50 = w0.fma(b, c50);
            c51 = w1.fma(b, c51);
            c52 = w2.fma(b, c52);
            c53 = w3.fma(b, c53);
        }
        c00.intoArray(z, at);
        c01.intoArray(z, at + L);
        c02.intoArray(z, at + 2 * L);
        c03.intoArray(z, at + 3 * L);
        c10.intoArray(z, at + stride);
        c11.intoArray(z, at + stride + L);
        c12.intoArray(z, at + stride + 2 * L);
        c13.intoArray(z, at + stride + 3 * L);
        c20.intoArray(z, at + 2 * stride);
        c21.intoArray(z, at + 2 * stride + L);
        c22.intoArray(z, at + 2 * stride + 2 * L);
        c23.intoArray(z, at + 2 * stride + 3 * L);
        c30.intoArray(z, at + 3 * stride);
        c31.intoArray(z, at + 3 * stride + L);
        c32.intoArray(z, at + 3 * stride + 2 * L);
        c33.intoArray(z, at + 3 * stride + 3 * L);
        c40.intoArray(z, at + 4 * stride);
        c41.intoArray(z, at + 4 * stride + L);
        c42.intoArray(z, at + 4 * stride + 2 * L);
        c43.intoArray(z, at + 4 * stride + 3 * L);
        c50.intoArray(z, at + 5 * stride);
        c51.intoArray(z, at + 5 * stride + L);
        c52.intoArray(z, at + 5 * stride + 2 * L);
        c53.intoArray(z, at + 5 * stride + 3 * L);
    }

    /**
     * f = s sum_j a_j relu(z_j) of the row at offset at, summed in {@link #SLOTS} partial sums
     * (slot j mod SLOTS, then the slots in order) whatever the vector width, so that f is the
     * same on every machine; part is the caller's scratch. relu as z where z &gt; 0, else 0, a
     * blend (the Vector API's max keeps Math.max's rules for NaN and -0.0 at several
     * instructions a lane): relu(NaN) = 0, the rule of {@code Activation.RELU}.
     */
    private double residualRow(float[] z, int at, float[] part) {
        java.util.Arrays.fill(part, 0);
        for (int j = 0; j < mPad; j += SLOTS) {
            for (int k = 0; k < SLOTS; k += L) {
                FloatVector zj = FloatVector.fromArray(S, z, at + j + k);
                FloatVector.zero(S).blend(zj, zj.compare(VectorOperators.GT, 0f))
                        .fma(FloatVector.fromArray(S, aPad, j + k), FloatVector.fromArray(S, part, k)).intoArray(part, k);
            }
        }
        float sum = 0;
        for (int k = 0; k < SLOTS; k++) {
            sum += part[k];
        }
        return (float) (s * sum);
    }

    /**
     * outer += e relu(z), and the row of z becomes its row of D, scale e a_j relu'(z_j) with
     * relu'(0) = 1/2 (docs/MATH.md section 2.2) and, by the rule, relu(NaN) = relu'(NaN) = 0.
     */
    private void derivativeRow(float[] z, int at, double e, double scale, float[] outer) {
        FloatVector c = FloatVector.broadcast(S, (float) (scale * e));
        FloatVector ev = FloatVector.broadcast(S, (float) e);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < mPad; j += L) {
            FloatVector zj = FloatVector.fromArray(S, z, at + j);
            VectorMask<Float> on = zj.compare(VectorOperators.GT, 0f);
            zero.blend(zj, on).fma(ev, FloatVector.fromArray(S, outer, j)).intoArray(outer, j);
            FloatVector ca = FloatVector.fromArray(S, aPad, j).mul(c);
            zero.blend(ca, on).blend(ca.mul(0.5f), zj.compare(VectorOperators.EQ, 0f)).intoArray(z, at + j);
        }
    }

    /**
     * gradWt += Xp^T D over panel rows 0 .. rows-1 (from x0 on in xp), each sum over the rows in
     * order. Inputs go twenty at a time to {@link #tenInputs} (two tiles per strip of neurons,
     * whose rows of D stay in cache between the two), the rest, a multiple of four, to
     * {@link #fourInputs}.
     */
    private void addProduct(float[] xp, int x0, float[] work, int z0, int rows, int g0) {
        int tall = dPad - dPad % (2 * TEN);
        for (int j = 0; j < mPad; j += 2 * L) {
            for (int t = 0; t < tall; t += TEN) {
                tenInputs(xp, x0, work, z0, rows, t, j, g0);
            }
        }
        for (int j = 0; j < mPad; j += TILE_NEURONS) {
            for (int t = tall; t < dPad; t += TILE_INPUTS) {
                fourInputs(xp, x0, work, z0, rows, t, j, g0);
            }
        }
    }

    /**
     * One work tile of {@link #addProduct}: input coordinates t .. t+9 against neurons j .. j+2L-1,
     * summed over the panel rows in order, then added to gradWt. Tall and narrow, so that
     * each row of D is loaded once for ten inputs: the panel's D (PANEL x mPad) outgrows the
     * level-1 cache, and the four-by-four tile, which reloads it once per four inputs, was
     * held back by those reloads.
     */
    private void tenInputs(float[] xp, int x0, float[] work, int z0, int rows, int t, int j, int g0) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        FloatVector c80 = c00;
        FloatVector c81 = c00;
        FloatVector c90 = c00;
        FloatVector c91 = c00;
        for (int r = 0; r < rows; r++) {
            int dAt = z0 + r * mPad + j;
            int xr = x0 + r * dPad + t;
            FloatVector d0 = FloatVector.fromArray(S, work, dAt);
            FloatVector d1 = FloatVector.fromArray(S, work, dAt + L);
            FloatVector b0 = FloatVector.broadcast(S, xp[xr]);
            c00 = d0.fma(b0, c00);
            c01 = d1.fma(b0, c01);
            FloatVector b1 = FloatVector.broadcast(S, xp[xr + 1]);
            c10 = d0.fma(b1, c10);
            c11 = d1.fma(b1, c11);
            FloatVector b2 = FloatVector.broadcast(S, xp[xr + 2]);
            c20 = d0.fma(b2, c20);
            c21 = d1.fma(b2, c21);
            FloatVector b3 = FloatVector.broadcast(S, xp[xr + 3]);
            c30 = d0.fma(b3, c30);
            c31 = d1.fma(b3, c31);
            FloatVector b4 = FloatVector.broadcast(S, xp[xr + 4]);
            c40 = d0.fma(b4, c40);
            c41 = d1.fma(b4, c41);
            FloatVector b5 = FloatVector.broadcast(S, xp[xr + 5]);
            c50 = d0.fma(b5, c50);
            c51 = d1.fma(b5, c51);
            FloatVector b6 = FloatVector.broadcast(S, xp[xr + 6]);
            c60 = d0.fma(b6, c60);
            c61 = d1.fma(b6, c61);
            FloatVector b7 = FloatVector.broadcast(S, xp[xr + 7]);
            c70 = d0.fma(b7, c70);
            c71 = d1.fma(b7, c71);
            FloatVector b8 = FloatVector.broadcast(S, xp[xr + 8]);
            c80 = d0.fma(b8, c80);
            c81 = d1.fma(b8, c81);
            FloatVector b9 = FloatVector.broadcast(S, xp[xr + 9]);
            c90 = d0.fma(b9, c90);
            c91 = d1.fma(b9, c91);
        }
        int at = g0 + t * mPad + j;
        FloatVector.fromArray(S, work, at).add(c00).intoArray(work, at);
        FloatVector.fromArray(S, work, at + L).add(c01).intoArray(work, at + L);
        FloatVector.fromArray(S, work, at + mPad).add(c10).intoArray(work, at + mPad);
        FloatVector.fromArray(S, work, at + mPad + L).add(c11).intoArray(work, at + mPad + L);
        FloatVector.fromArray(S, work, at + 2 * mPad).add(c20).intoArray(work, at + 2 * mPad);
        FloatVector.fromArray(S, work, at + 2 * mPad + L).add(c21).intoArray(work, at + 2 * mPad + L);
        FloatVector.fromArray(S, work, at + 3 * mPad).add(c30).intoArray(work, at + 3 * mPad);
        FloatVector.fromArray(S, work, at + 3 * mPad + L).add(c31).intoArray(work, at + 3 * mPad + L);
        FloatVector.fromArray(S, work, at + 4 * mPad).add(c40).intoArray(work, at + 4 * mPad);
        FloatVector.fromArray(S, work, at + 4 * mPad + L).add(c41).intoArray(work, at + 4 * mPad + L);
        FloatVector.fromArray(S, work, at + 5 * mPad).add(c50).intoArray(work, at + 5 * mPad);
        FloatVector.fromArray(S, work, at + 5 * mPad + L).add(c51).intoArray(work, at + 5 * mPad + L);
        FloatVector.fromArray(S, work, at + 6 * mPad).add(c60).intoArray(work, at + 6 * mPad);
        FloatVector.fromArray(S, work, at + 6 * mPad + L).add(c61).intoArray(work, at + 6 * mPad + L);
        FloatVector.fromArray(S, work, at + 7 * mPad).add(c70).intoArray(work, at + 7 * mPad);
        FloatVector.fromArray(S, work, at + 7 * mPad + L).add(c71).intoArray(work, at + 7 * mPad + L);
        FloatVector.fromArray(S, work, at + 8 * mPad).add(c80).intoArray(work, at + 8 * mPad);
        FloatVector.fromArray(S, work, at + 8 * mPad + L).add(c81).intoArray(work, at + 8 * mPad + L);
        FloatVector.fromArray(S, work, at + 9 * mPad).add(c90).intoArray(work, at + 9 * mPad);
        FloatVector.fromArray(S, work, at + 9 * mPad + L).add(c91).intoArray(work, at + 9 * mPad + L);
    }

    /** One work tile of {@link #addProduct}: input coordinates t .. t+3 against neurons j .. j+4L-1. */
    private void fourInputs(float[] xp, int x0, float[] work, int z0, int rows, int t, int j, int g0) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        for (int r = 0; r < rows; r++) {
            int dAt = z0 + r * mPad + j;
            int xr = x0 + r * dPad + t;
            FloatVector d0 = FloatVector.fromArray(S, work, dAt);
            FloatVector d1 = FloatVector.fromArray(S, work, dAt + L);
            FloatVector d2 = FloatVector.fromArray(S, work, dAt + 2 * L);
            FloatVector d3 = FloatVector.fromArray(S, work, dAt + 3 * L);
            FloatVector b = FloatVector.broadcast(S, xp[xr]);
            c00 = d0.fma(b, c00);
            c01 = d1.fma(b, c01);
            c02 = d2.fma(b, c02);
            c03 = d3.fma(b, c03);
            b = FloatVector.broadcast(S, xp[xr + 1]);
            c10 = d0.fma(b, c10);
            c11 = d1.fma(b, c11);
            c12 = d2.fma(b, c12);
            c13 = d3.fma(b, c13);
            b = FloatVector.broadcast(S, xp[xr + 2]);
            c20 = d0.fma(b, c20);
            c21 = d1.fma(b, c21);
            c22 = d2.fma(b, c22);
            c23 = d3.fma(b, c23);
            b = FloatVector.broadcast(S, xp[xr + 3]);
            c30 = d0.fma(b, c30);
            c31 = d1.fma(b, c31);
            c32 = d2.fma(b, c32);
            c33 = d3.fma(b, c33);
        }
        int at = g0 + t * mPad + j;
        FloatVector.fromArray(S, work, at).add(c00).intoArray(work, at);
        FloatVector.fromArray(S, work, at + L).add(c01).intoArray(work, at + L);
        FloatVector.fromArray(S, work, at + 2 * L).add(c02).intoArray(work, at + 2 * L);
        FloatVector.fromArray(S, work, at + 3 * L).add(c03).intoArray(work, at + 3 * L);
        FloatVector.fromArray(S, work, at + mPad).add(c10).intoArray(work, at + mPad);
        FloatVector.fromArray(S, work, at + mPad + L).add(c11).intoArray(work, at + mPad + L);
        FloatVector.fromArray(S, work, at + mPad + 2 * L).add(c12).intoArray(work, at + mPad + 2 * L);
        FloatVector.fromArray(S, work, at + mPad + 3 * L).add(c13).intoArray(work, at + mPad + 3 * L);
        FloatVector.fromArray(S, work, at + 2 * mPad).add(c20).intoArray(work, at + 2 * mPad);
        FloatVector.fromArray(S, work, at + 2 * mPad + L).add(c21).intoArray(work, at + 2 * mPad + L);
        FloatVector.fromArray(S, work, at + 2 * mPad + 2 * L).add(c22).intoArray(work, at + 2 * mPad + 2 * L);
        FloatVector.fromArray(S, work, at + 2 * mPad + 3 * L).add(c23).intoArray(work, at + 2 * mPad + 3 * L);
        FloatVector.fromArray(S, work, at + 3 * mPad).add(c30).intoArray(work, at + 3 * mPad);
        FloatVector.fromArray(S, work, at + 3 * mPad + L).add(c31).intoArray(work, at + 3 * mPad + L);
        FloatVector.fromArray(S, work, at + 3 * mPad + 2 * L).add(c32).intoArray(work, at + 3 * mPad + 2 * L);
        FloatVector.fromArray(S, work, at + 3 * mPad + 3 * L).add(c33).intoArray(work, at + 3 * mPad + 3 * L);
    }

    private static double[] widen(float[] v, int from, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = v[from + i];
        }
        return out;
    }
}
