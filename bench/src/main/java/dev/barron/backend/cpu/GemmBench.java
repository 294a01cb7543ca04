package dev.barron.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The dgemm / sgemm rate of the library the CPU backend uses: the yardstick for the GEMM parts.
 * With the bundled OpenBLAS it is the library's own rate, on operands already in native memory
 * (as numpy calls it), so the copies Barron's calls make count against Barron, not the yardstick.
 * The yardstick is the best of the sizes; n = 256 is there to show what the library itself
 * reaches at the size of the smallest population shape's products.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBench {

    @Param({"256", "1024", "2048"})
    public int n;

    private final BlasLibrary library = BlasLibrary.get();
    private final Blas blas = library.blas();
    private RealArray heapA;
    private RealArray heapB;
    private RealArray heapC;
    private RealArray heapAf;
    private RealArray heapBf;
    private RealArray heapCf;
    private DoublePointer pa;
    private DoublePointer pb;
    private DoublePointer pc;
    private FloatPointer paf;
    private FloatPointer pbf;
    private FloatPointer pcf;
    private double[] a;
    private double[] b;
    private double[] c;
    private float[] af;
    private float[] bf;
    private float[] cf;

    @Setup(Level.Trial)
    public void setUp() {
        a = gaussian(n * n, 7);
        b = gaussian(n * n, 8);
        c = new double[n * n];
        af = new float[n * n];
        bf = new float[n * n];
        cf = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            af[i] = (float) a[i];
            bf[i] = (float) b[i];
        }
        heapA = new RealArray.Doubles(a);
        heapB = new RealArray.Doubles(b);
        heapC = new RealArray.Doubles(c);
        heapAf = new RealArray.Floats(af);
        heapBf = new RealArray.Floats(bf);
        heapCf = new RealArray.Floats(cf);
        if (library.kind() == BlasLibrary.Kind.BUNDLED) {
            pa = new DoublePointer(a);
            pb = new DoublePointer(b);
            pc = new DoublePointer(c);
            paf = new FloatPointer(af);
            pbf = new FloatPointer(bf);
            pcf = new FloatPointer(cf);
        }
    }

    @Benchmark
    public Object dgemm() {
        if (pa != null) {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, n, n, n, 1.0, pa, n, pb, n, 0.0, pc, n);
            return pc;
        }
        blas.gemm(false, false, n, n, n, 1.0, heapA, n, heapB, n, 0.0, heapC, n);
        return heapC;
    }

    @Benchmark
    public Object sgemm() {
        if (paf != null) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, n, n, n, 1.0f, paf, n, pbf, n, 0.0f, pcf, n);
            return pcf;
        }
        blas.gemm(false, false, n, n, n, 1.0, heapAf, n, heapBf, n, 0.0, heapCf, n);
        return heapCf;
    }

    private static double[] gaussian(int length, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }
}
