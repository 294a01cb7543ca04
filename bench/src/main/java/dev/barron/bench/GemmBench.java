package dev.barron.bench;

import dev.ludovic.netlib.blas.BLAS;
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

/** The machine's dgemm / sgemm rate through the BLAS the CPU backend uses: the yardstick for the GEMM parts. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBench {

    @Param({"1024"})
    public int n;

    private final BLAS blas = BLAS.getInstance();
    private double[] a;
    private double[] b;
    private double[] c;
    private float[] af;
    private float[] bf;
    private float[] cf;

    @Setup(Level.Trial)
    public void setUp() {
        a = BenchData.gaussian(n, n, 1, 7).data();
        b = BenchData.gaussian(n, n, 1, 8).data();
        c = new double[n * n];
        af = new float[n * n];
        bf = new float[n * n];
        cf = new float[n * n];
        for (int i = 0; i < n * n; i++) {
            af[i] = (float) a[i];
            bf[i] = (float) b[i];
        }
    }

    @Benchmark
    public double[] dgemm() {
        blas.dgemm("N", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
        return c;
    }

    @Benchmark
    public float[] sgemm() {
        blas.sgemm("N", "N", n, n, n, 1.0f, af, n, bf, n, 0.0f, cf, n);
        return cf;
    }
}
