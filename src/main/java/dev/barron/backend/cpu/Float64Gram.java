package dev.barron.backend.cpu;

import dev.barron.math.Gram;
import dev.barron.model.Precision;

/**
 * {@link Gram} through the bundled BLAS (dsyrk, one triangle, mirrored) in float64 whatever a
 * backend's own precision: the random-features solvers form Gram matrices of n x m feature
 * matrices, O(n m min(n, m)) flops, the one large product they have, and solve in float64.
 */
public final class Float64Gram implements Gram {

    /** The instance on the BLAS that {@link BlasLibrary} chose for this JVM. */
    public static final Float64Gram BLAS = new Float64Gram();

    private Float64Gram() {
    }

    @Override
    public double[] of(double[] a, int rows, int inner) {
        Gemm gemm = new Gemm(BlasLibrary.get().blas());
        RealArray c = gemm.gram(RealArray.operand(Precision.F64, a), rows, inner);
        double[] out = new double[rows * rows];
        c.read(0, out, 0, out.length);
        return out;
    }
}
