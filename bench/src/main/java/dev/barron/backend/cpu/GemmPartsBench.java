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
 * The GEMM parts of one population evaluation alone, exactly the {@link Gemm} calls that
 * {@link PopulationEvaluator#evaluate} makes, in its order and with its shapes:
 * <ol>
 *   <li>the student Gram W W^T (dsyrk on one triangle, then the mirror on the backend's threads),</li>
 *   <li>W V^T (dgemm, m x k),</li>
 *   <li>grad W = Bww W (dgemm, m x d, inner m),</li>
 *   <li>grad W += Bwv V (dgemm, m x d, inner k).</li>
 * </ol>
 * Useful flops (bench/report.py, op gemmParts): the symmetric Gram needs its m (m + 1) / 2
 * distinct entries at 2 d flops each, m (m + 1) d, not the 2 m^2 d of a general product;
 * the others are general products, 2 m k d + 2 m^2 d + 2 m k d. In all (3 m^2 + m + 4 m k) d.
 * The coefficient matrices are random stand-ins: BLAS time does not depend on the values.
 * Storage is what the evaluator uses: W wrapped from the caller's array (float64; copied into
 * native memory by each call under the bundled OpenBLAS), the rest allocated by the backend.
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
    private RealArray w;
    private RealArray v;
    private RealArray coefficientsStudents;
    private RealArray coefficientsTeachers;
    private RealArray studentTeacher;
    private RealArray grad;
    private RealArray gram;
    private RowParallel parallel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("[,x]");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        d = Integer.parseInt(s[2]);
        Precision p = precision.equals("f32") ? Precision.F32 : Precision.F64;
        gemm = new Gemm(BlasLibrary.get().blas());
        w = RealArray.operand(p, random(p, m * d, 1).toDoubles());
        v = random(p, k * d, 2);
        coefficientsStudents = random(p, m * m, 3);
        coefficientsTeachers = random(p, m * k, 4);
        studentTeacher = RealArray.allocate(p, m, k);
        grad = RealArray.allocate(p, m, d);
        gram = RealArray.allocate(p, m, m);   // kept between evaluations, as PopulationEvaluator keeps it
        parallel = new RowParallel(new java.util.concurrent.ForkJoinPool(Runtime.getRuntime().availableProcessors()));
    }

    private static RealArray random(Precision p, int length, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rng.nextDouble() - 0.5;
        }
        return RealArray.copyOf(p, x);
    }

    /** All four calls, as one evaluation makes them. */
    @Benchmark
    public RealArray gemmParts() {
        gemm.gram(w, m, d, gram, parallel);
        gemm.multiply(false, true, m, k, d, 1.0, w, v, 0.0, studentTeacher);
        gemm.multiply(false, false, m, d, m, 1.0, coefficientsStudents, w, 0.0, grad);
        gemm.multiply(false, false, m, d, k, 1.0, coefficientsTeachers, v, 1.0, grad);
        return gram;
    }
}
