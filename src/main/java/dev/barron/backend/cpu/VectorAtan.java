package dev.barron.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static dev.barron.backend.cpu.FdlibmAtan.AT0;
import static dev.barron.backend.cpu.FdlibmAtan.AT1;
import static dev.barron.backend.cpu.FdlibmAtan.AT10;
import static dev.barron.backend.cpu.FdlibmAtan.AT2;
import static dev.barron.backend.cpu.FdlibmAtan.AT3;
import static dev.barron.backend.cpu.FdlibmAtan.AT4;
import static dev.barron.backend.cpu.FdlibmAtan.AT5;
import static dev.barron.backend.cpu.FdlibmAtan.AT6;
import static dev.barron.backend.cpu.FdlibmAtan.AT7;
import static dev.barron.backend.cpu.FdlibmAtan.AT8;
import static dev.barron.backend.cpu.FdlibmAtan.AT9;
import static dev.barron.backend.cpu.FdlibmAtan.ATAN_HI;
import static dev.barron.backend.cpu.FdlibmAtan.ATAN_LO;
import static dev.barron.backend.cpu.FdlibmAtan.PI;
import static dev.barron.backend.cpu.FdlibmAtan.PI_LO;

/**
 * fdlibm's atan2 ({@link FdlibmAtan}) across the lanes of a vector, for y &gt;= 0: the same
 * reduction into four intervals (chosen per lane by blends), the same polynomial and the same
 * reconstruction, in the same IEEE operations, so each lane equals StrictMath.atan2 bit for bit
 * wherever fdlibm takes its general path (VectorAtanTest; the far edges |y/x| &gt; 2^60 differ
 * by at most an ulp).
 *
 * <p>Why not VectorOperators.ATAN2: the JIT computes it with SVML once the loop is compiled and
 * with StrictMath before, and the two differ in the last bit; a run's result would then depend
 * on how warm the JVM was, and a resumed or sharded survey would not repeat an uninterrupted one.
 * Plain arithmetic gives the same bits at every tier.
 */
final class VectorAtan {

    private static final double PI_O_2 = ATAN_HI[3] + ATAN_LO[3];

    private VectorAtan() {
    }

    /**
     * out[e] = atan2(y[e], x[e]) for e in [from, to), for y &gt;= 0 (atan2(0, 0) = 0); from and to
     * are multiples of the vector length.
     *
     * <p>Why arrays, not vectors, cross this method's boundary: the body is too large for the JIT
     * to inline into its callers, and a vector passed to or returned from a method that is not
     * inlined is boxed on the heap, which cost more than the arithmetic itself. With the loop
     * inside, the whole body compiles into one vector loop.
     */
    static void atan2(double[] y, double[] x, double[] out, int from, int to) {
        VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
        for (int e = from; e < to; e += s.length()) {
            DoubleVector yv = DoubleVector.fromArray(s, y, e);
            DoubleVector xv = DoubleVector.fromArray(s, x, e);
            DoubleVector q = yv.div(xv.abs());
            q = q.blend(0.0, q.compare(VectorOperators.NE, q)); // 0 / 0
            VectorMask<Double> m0 = q.compare(VectorOperators.GE, 0.4375);
            VectorMask<Double> m1 = q.compare(VectorOperators.GE, 0.6875);
            VectorMask<Double> m2 = q.compare(VectorOperators.GE, 1.1875);
            VectorMask<Double> m3 = q.compare(VectorOperators.GE, 2.4375);
            DoubleVector one = DoubleVector.broadcast(s, 1.0);
            DoubleVector num = q.blend(q.mul(2.0).sub(1.0), m0).blend(q.sub(1.0), m1).blend(q.sub(1.5), m2).blend(-1.0, m3);
            DoubleVector den = one.blend(q.add(2.0), m0).blend(q.add(1.0), m1).blend(q.mul(1.5).add(1.0), m2).blend(q, m3);
            DoubleVector hi = DoubleVector.zero(s).blend(ATAN_HI[0], m0).blend(ATAN_HI[1], m1)
                    .blend(ATAN_HI[2], m2).blend(ATAN_HI[3], m3);
            DoubleVector lo = DoubleVector.zero(s).blend(ATAN_LO[0], m0).blend(ATAN_LO[1], m1)
                    .blend(ATAN_LO[2], m2).blend(ATAN_LO[3], m3);
            DoubleVector t = num.div(den);
            DoubleVector z = t.mul(t);
            DoubleVector w = z.mul(z);
            DoubleVector s1 = z.mul(w.mul(AT10).add(AT8).mul(w).add(AT6).mul(w).add(AT4).mul(w).add(AT2).mul(w).add(AT0));
            DoubleVector s2 = w.mul(w.mul(AT9).add(AT7).mul(w).add(AT5).mul(w).add(AT3).mul(w).add(AT1));
            DoubleVector ts = t.mul(s1.add(s2));
            DoubleVector atan = t.sub(ts).blend(hi.sub(ts.sub(lo).sub(t)), m0)
                    .blend(PI_O_2, q.compare(VectorOperators.GE, 0x1p66));
            DoubleVector negated = atan.sub(PI_LO).neg().add(PI);
            atan.blend(negated, xv.compare(VectorOperators.LT, 0.0)).intoArray(out, e);
        }
    }
}
