package dev.barron.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Angles across the lanes of a vector from one arcsine: theta = base + mult asin(x) with
 * |x| &lt;= 1/2, where asin(x) = x + x^3 P(x^2) and P is a degree-14 polynomial, interpolated at
 * Chebyshev nodes of [0, 1/4] in 60-digit arithmetic (mpmath) and rounded to double; its own
 * error is below 6e-17 relative, so asin comes within about an ulp of the true value
 * ({@link VectorAsinTest} bounds it against StrictMath). With it the sine of the angle,
 * sinScale sqrt(1 - x^2) by the square root instruction: sin(pi/2 - asin c) = sqrt(1 - c^2), and
 * sin(2 asin h) = sin(pi - 2 asin h) = 2 h sqrt(1 - h^2). The square root unit works beside the
 * fused multiply-adds of the arcsine, so it costs less here than a second polynomial in x^2
 * (fourteen more fused multiply-adds a pair), which this class used before. The lane engine writes each angle so:
 * acos(c) = pi/2 - asin(c) for |c| &lt; 1/2, 2 asin(sqrt((1 - |c|) / 2)) (or pi minus it)
 * beyond, and for nearly (anti)parallel pairs 2 asin(|u -+ e| / 2) (docs/MATH.md section 2.1).
 *
 * <p>Why not atan2: fdlibm's atan2 takes two divisions and a chain of interval blends, about
 * twice the time of a square root and fifteen fused multiply-adds, and the angles were half of
 * a lane step. Why plain arithmetic and not the Vector API's ASIN: the JIT computes that with
 * SVML once compiled and with StrictMath before, and the two differ in the last bit, so a run
 * would depend on how warm the JVM was; this gives the same bits at every tier.
 */
final class VectorAsin {

    private static final double P0 = 0.16666666666666666;
    private static final double P1 = 0.07499999999999991;
    private static final double P2 = 0.0446428571428834;
    private static final double P3 = 0.030381944441363808;
    private static final double P4 = 0.02237215927967998;
    private static final double P5 = 0.017352757477819787;
    private static final double P6 = 0.013965009932053607;
    private static final double P7 = 0.011549086612987425;
    private static final double P8 = 0.009792751320201996;
    private static final double P9 = 0.008135829925501657;
    private static final double P10 = 0.00879500607648843;
    private static final double P11 = 0.000380853033290726;
    private static final double P12 = 0.022553563638202982;
    private static final double P13 = -0.024020544918554605;
    private static final double P14 = 0.030718768995191097;


    private VectorAsin() {
    }

    /**
     * theta[e] = base[e] + mult[e] asin(x[e]) and sin[e] = sinScale[e] sqrt(1 - x[e]^2) for e in
     * [from, to), |x[e]| &lt;= 1/2; from and to are multiples of the vector length. Arrays, not
     * vectors, cross this boundary: a vector passed to or returned from a method the JIT does not
     * inline is boxed on the heap.
     */
    static void angles(double[] x, double[] base, double[] mult, double[] sinScale, double[] theta, double[] sin,
                       int from, int to) {
        VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
        for (int e = from; e < to; e += s.length()) {
            DoubleVector xv = DoubleVector.fromArray(s, x, e);
            DoubleVector z = xv.mul(xv);
            DoubleVector asin = xv.mul(z).fma(tail(z), xv);
            DoubleVector.fromArray(s, mult, e).fma(asin, DoubleVector.fromArray(s, base, e)).intoArray(theta, e);
            DoubleVector.fromArray(s, sinScale, e).mul(z.neg().add(1).sqrt()).intoArray(sin, e);
        }
    }

    /**
     * P(z), so that asin(x) = x + x^3 P(x^2). A vector crosses this boundary: callers are
     * loops the JIT compiles hot, and a method this small is inlined there (were it not, each
     * call would box its vectors: -Xlog:gc over many block steps shows young collections
     * after the warm-up).
     */
    static DoubleVector tail(DoubleVector z) {
        DoubleVector p = DoubleVector.broadcast(z.species(), P14);
        p = p.lanewise(VectorOperators.FMA, z, P13);
        p = p.lanewise(VectorOperators.FMA, z, P12);
        p = p.lanewise(VectorOperators.FMA, z, P11);
        p = p.lanewise(VectorOperators.FMA, z, P10);
        p = p.lanewise(VectorOperators.FMA, z, P9);
        p = p.lanewise(VectorOperators.FMA, z, P8);
        p = p.lanewise(VectorOperators.FMA, z, P7);
        p = p.lanewise(VectorOperators.FMA, z, P6);
        p = p.lanewise(VectorOperators.FMA, z, P5);
        p = p.lanewise(VectorOperators.FMA, z, P4);
        p = p.lanewise(VectorOperators.FMA, z, P3);
        p = p.lanewise(VectorOperators.FMA, z, P2);
        p = p.lanewise(VectorOperators.FMA, z, P1);
        return p.lanewise(VectorOperators.FMA, z, P0);
    }
}
