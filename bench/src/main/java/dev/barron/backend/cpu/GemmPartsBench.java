package dev.barron.backend.cpu;

import dev.barron.model.Precision;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The GEMM parts of one population evaluation alone, exactly what {@link PopulationEvaluator#evaluate}
 * does around its row pass, in its order and with its shapes:
 * <ol>
 *   <li>W and V copied into one stacked (m + k) x d operand (native memory under the bundled OpenBLAS,
 *       kept between evaluations as the evaluator keeps it),</li>
 *   <li>its Gram [W; V][W; V]^T (dsyrk on one triangle, then the mirror on the backend's threads),
 *       which holds W W^T and W V^T,</li>
 *   <li>grad W = [Bww | Bwv] [W; V] (dgemm, m x d, inner m + k), read back into a new array.</li>
 * </ol>
 * Useful flops (bench/report.py, op gemmParts): the symmetric W W^T needs its m (m + 1) / 2
 * distinct entries at 2 d flops each, m (m + 1) d, not the 2 m^2 d of a general product; W V^T
 * 2 m k d; the gradient 2 m (m + k) d. In all (3 m^2 + m + 4 m k) d; the Gram's V V^T block
 * (k (k + 1) d) is computed but not counted. The coefficient rows are random stand-ins: BLAS
 * time does not depend on the values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmPartsBench {

    /** m,k,d as in PopulationBench. */
    @Param({"256,16,256", "1024,16,1024", "4096,16,1024"})
    public String shape;

    @Param({"f64"})
    public String precision;

    private Gemm gemm;
    private int m;
    private int k;
    private int d;
    private Precision p;
    private double[] w;
    private double[] v;
    private RealArray grad;
    private RealArray gram;
    private RealArray stacked;
    private RowParallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("[,x]");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        d = Integer.parseInt(s[2]);
        p = precision.equals("f32") ? Precision.F32 : Precision.F64;
        gemm = new Gemm(BlasLibrary.get().blas());
        w = random(m * d, 1);
        v = random(k * d, 2);
        grad = RealArray.allocate(p, m, d);
        stacked = RealArray.allocate(p, m + k, d);
        // kept between evaluations, as PopulationEvaluator keeps it; the Gram itself stands in for the coefficient rows
        gram = RealArray.copyOf(p, random((m + k) * (m + k), 3));
        parallel = new RowParallel(new java.util.concurrent.ForkJoinPool(Runtime.getRuntime().availableProcessors()));
    }

    private static double[] random(int length, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rng.nextDouble() - 0.5;
        }
        return x;
    }

    /** The copy, the Gram and the gradient product, as one evaluation makes them. */
    @Benchmark
    public double[] gemmParts() {
        int n = m + k;
        stacked.write(0, w, 0, m * d);
        stacked.write(m * d, v, 0, k * d);
        gemm.gram(stacked, n, d, gram, parallel);
        gemm.multiply(false, false, m, d, n, 1.0, gram, stacked, 0.0, grad);
        double[] gradW = new double[m * d];
        grad.read(0, gradW, 0, gradW.length);
        return gradW;
    }
}
