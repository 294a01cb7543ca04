package dev.barron.backend.cpu;

import dev.barron.math.StableAngle;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The angles and sines of a row of pairs from their Gram entries, across the lanes of a vector,
 * bit for bit what {@link PairGeometry}'s scalar loops give: the cosine
 * {@link StableAngle#cosine}, its sine sqrt((1 - c)(1 + c)), and the angle
 * {@link FdlibmAtan#atan2}(sine, c), which is StrictMath's.
 *
 * <p>Why it can be exact: fdlibm's atan2 is plain IEEE arithmetic (no fused multiply-adds, no
 * table beyond four constant pairs) chosen by comparisons of the argument's high word. Every
 * branch is computed in every lane with the same operations in the same order and the lane's
 * own branch is blended in; a high-word comparison with a constant whose low word is zero is
 * the comparison of the non-negative double with that constant. Lanes where fdlibm leaves that
 * path (x = 0, |y / x| far from 1) are few and go to the scalar code. The Vector API never fuses
 * a multiply with an add unless asked to, and division and square root round correctly in every
 * lane as in scalar code. VectorAtan2Test holds every result against StrictMath and the scalar
 * formulas, bit for bit.
 *
 * <p>Why: in a population evaluation at m = 256 the scalar atan2 took a third of the CPU samples
 * and the cosines and sines a fifth (JFR, 2-core AMD EPYC), where each is one pass over a row
 * of independent pairs. The work goes in passes over small arrays, each loop body holding all
 * its vector operations: a vector handed to a method that the JIT does not inline is boxed.
 */
final class VectorAtan2 {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double LIMIT = StableAngle.GRAM_COS_LIMIT;

    private VectorAtan2() {
    }

    /**
     * For j in [0, count): the cosine c of dot[dotAt + j] / (normX normsY[normAt + j]) (0 where a
     * norm is 0, clamped to [-1, 1]) into cos[at + j], sqrt((1 - c)(1 + c)) into sin[at + j],
     * and where |c| &lt;= GRAM_COS_LIMIT the angle atan2(sin, c) into theta[at + j], elsewhere
     * NaN, for the caller's direct form.
     */
    static void fromGram(double[] dot, int dotAt, double normX, double[] normsY, int normAt, int count,
                         double[] theta, double[] cos, double[] sin, int at) {
        cosSin(dot, dotAt, normX, normsY, normAt, count, cos, sin, at);
        angles(sin, cos, theta, at, count, true);
    }

    /**
     * The cosines of {@link #fromGram} into cos[at ..] and sqrt((1 - c)(1 + c)) into sin[at ..],
     * without the angles.
     */
    static void cosSin(double[] dot, int dotAt, double normX, double[] normsY, int normAt, int count,
                       double[] cos, double[] sin, int at) {
        int whole = S.loopBound(count);
        for (int j = 0; j < whole; j += S.length()) {
            DoubleVector normY = DoubleVector.fromArray(S, normsY, normAt + j);
            // StableAngle.cosine: the same division, clamp and zero rule
            DoubleVector c = DoubleVector.fromArray(S, dot, dotAt + j).div(normY.mul(normX)).min(1.0).max(-1.0)
                    .blend(0.0, normX == 0 ? S.maskAll(true) : normY.compare(VectorOperators.EQ, 0.0));
            c.intoArray(cos, at + j);
            // 1 - c is -c + 1 to the bit
            c.neg().add(1.0).mul(c.add(1.0)).sqrt().intoArray(sin, at + j);
        }
        for (int j = whole; j < count; j++) {
            double c = StableAngle.cosine(normX, normsY[normAt + j], dot[dotAt + j]);
            cos[at + j] = c;
            sin[at + j] = Math.sqrt((1 - c) * (1 + c));
        }
    }

    /** out[j] = atan2(y[j], x[j]) for finite y[j] &gt; 0 and finite x[j]. */
    static void atan2(double[] y, double[] x, double[] out, int count) {
        angles(y, x, out, 0, count, false);
    }

    /**
     * out[at + j] = atan2(y[at + j], x[at + j]) for j in [0, count): |y / x| first, then its atan,
     * then the quadrant, each a pass over the whole vectors; the tail by the scalar code. gram:
     * NaN where |x| &gt; GRAM_COS_LIMIT (see {@link #finish}).
     */
    private static void angles(double[] y, double[] x, double[] out, int at, int count, boolean gram) {
        int whole = S.loopBound(count);
        for (int j = 0; j < whole; j += S.length()) {
            DoubleVector.fromArray(S, y, at + j).div(DoubleVector.fromArray(S, x, at + j)).abs().intoArray(out, at + j);
        }
        atanInPlace(out, at, whole);
        finish(y, x, out, at, whole, gram);
        for (int j = whole; j < count; j++) {
            int e = at + j;
            out[e] = !gram || StableAngle.gramIsAccurate(x[e]) ? FdlibmAtan.atan2(y[e], x[e]) : Double.NaN;
        }
    }

    /**
     * e_atan2.c's last step, z = atan|y / x| in out: z where x &gt; 0, pi - (z - pi_lo) where
     * x &lt; 0. Lanes that {@link #atanInPlace} marked (z &lt; 0: x = 0 or |y / x| beyond 2^+-50,
     * which holds fdlibm's |k| &gt; 60 branches) are done by the scalar code. gram: the angle
     * is NaN where |x| &gt; GRAM_COS_LIMIT.
     */
    private static void finish(double[] y, double[] x, double[] out, int at, int whole, boolean gram) {
        for (int j = 0; j < whole; j += S.length()) {
            DoubleVector xv = DoubleVector.fromArray(S, x, at + j);
            DoubleVector z = DoubleVector.fromArray(S, out, at + j);
            VectorMask<Double> own = z.compare(VectorOperators.LT, 0.0);
            DoubleVector theta = z.blend(DoubleVector.broadcast(S, FdlibmAtan.PI).sub(z.sub(FdlibmAtan.PI_LO)),
                    xv.compare(VectorOperators.LT, 0.0));
            if (gram) {
                theta = theta.blend(Double.NaN, xv.abs().compare(VectorOperators.GT, LIMIT));
            }
            theta.intoArray(out, at + j);
            if (own.anyTrue()) {
                for (int l = 0; l < S.length(); l++) {
                    int e = at + j + l;
                    if (z.lane(l) < 0 && (!gram || StableAngle.gramIsAccurate(x[e]))) {
                        out[e] = FdlibmAtan.atan2(y[e], x[e]);
                    }
                }
            }
        }
    }

    /**
     * fdlibm's atan of t = out[at + j] &gt;= 0 for j in [0, whole), in place (-1 where
     * {@link #finish} leaves the lane to the scalar code): each interval's
     * reduction blended in by its bounds (a high-word comparison with a constant whose low word
     * is zero is the comparison of the non-negative double with that constant). One loop body
     * holds every vector operation: a vector that crossed a method call the JIT did not inline
     * would be boxed.
     */
    private static void atanInPlace(double[] out, int at, int whole) {
        for (int j = 0; j < whole; j += S.length()) {
            DoubleVector t = DoubleVector.fromArray(S, out, at + j);
            VectorMask<Double> below = t.compare(VectorOperators.LT, 0.4375);
            VectorMask<Double> id0 = t.compare(VectorOperators.LT, 0.6875).andNot(below);
            VectorMask<Double> id1 = t.compare(VectorOperators.LT, 1.1875).andNot(below).andNot(id0);
            VectorMask<Double> id3 = t.compare(VectorOperators.GE, 2.4375);
            VectorMask<Double> id2 = below.or(id0).or(id1).or(id3).not();
            // x = num / den per interval: t / 1 (exact), (2t - 1) / (2 + t), (t - 1) / (t + 1),
            // (t - 1.5) / (1 + 1.5 t), -1 / t
            DoubleVector num = t.blend(t.mul(2.0).sub(1.0), id0).blend(t.sub(1.0), id1).blend(t.sub(1.5), id2)
                    .blend(-1.0, id3);
            DoubleVector den = DoubleVector.broadcast(S, 1.0).blend(t.add(2.0), id0).blend(t.add(1.0), id1)
                    .blend(t.mul(1.5).add(1.0), id2).blend(t, id3);
            DoubleVector x = num.div(den);
            DoubleVector z = x.mul(x);
            DoubleVector w = z.mul(z);
            DoubleVector s1 = z.mul(w.mul(w.mul(w.mul(w.mul(w.mul(FdlibmAtan.AT10).add(FdlibmAtan.AT8))
                    .add(FdlibmAtan.AT6)).add(FdlibmAtan.AT4)).add(FdlibmAtan.AT2)).add(FdlibmAtan.AT0));
            DoubleVector s2 = w.mul(w.mul(w.mul(w.mul(w.mul(FdlibmAtan.AT9).add(FdlibmAtan.AT7)).add(FdlibmAtan.AT5))
                    .add(FdlibmAtan.AT3)).add(FdlibmAtan.AT1));
            DoubleVector sum = s1.add(s2);
            DoubleVector hi = DoubleVector.broadcast(S, FdlibmAtan.ATAN_HI[0]).blend(FdlibmAtan.ATAN_HI[1], id1)
                    .blend(FdlibmAtan.ATAN_HI[2], id2).blend(FdlibmAtan.ATAN_HI[3], id3);
            DoubleVector lo = DoubleVector.broadcast(S, FdlibmAtan.ATAN_LO[0]).blend(FdlibmAtan.ATAN_LO[1], id1)
                    .blend(FdlibmAtan.ATAN_LO[2], id2).blend(FdlibmAtan.ATAN_LO[3], id3);
            // -1 (no atan is negative) marks the lanes left to the scalar code; they hold
            // t >= 2^66, where fdlibm returns atan(inf)
            VectorMask<Double> own = t.compare(VectorOperators.LE, 0x1p-50).or(t.compare(VectorOperators.GE, 0x1p50))
                    .or(t.compare(VectorOperators.NE, t));
            hi.sub(x.mul(sum).sub(lo).sub(x))
                    .blend(x.sub(x.mul(sum)), below)
                    .blend(t, t.compare(VectorOperators.LT, 0x1p-29))
                    .blend(-1.0, own)
                    .intoArray(out, at + j);
        }
    }
}
