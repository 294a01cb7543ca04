package dev.barron.backend.cpu;

import dev.barron.model.Precision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The GEMM part of one forward pass alone: the X W^T products that
 * {@link EmpiricalEvaluator#forward} makes, panel by panel with its panel size, on panels
 * already filled (2 n d m flops; bench/report.py op forwardParts).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ForwardPartsBench {

    /** n,d,m as in ForwardBench. */
    @Param({"4096,256,1024", "16384,1024,1024"})
    public String shape;

    @Param({"f32"})
    public String precision;

    private Gemm gemm;
    private int n;
    private int d;
    private int m;
    private int panel;
    private RealArray wStore;
    private RealArray xPanel;
    private RealArray zPanel;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("[,x]");
        n = Integer.parseInt(s[0]);
        d = Integer.parseInt(s[1]);
        m = Integer.parseInt(s[2]);
        Precision p = precision.equals("f64") ? Precision.F64 : Precision.F32;
        gemm = new Gemm(BlasLibrary.get().blas());
        panel = EmpiricalEvaluator.panelRows(n, d, m, EmpiricalEvaluator.PANEL_BYTES);
        wStore = random(p, m * d, 5);
        xPanel = random(p, panel * d, 6);
        zPanel = RealArray.allocate(p, panel, m);
    }

    private static RealArray random(Precision p, int length, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rng.nextDouble() - 0.5;
        }
        return RealArray.copyOf(p, x);
    }

    @Benchmark
    public RealArray forwardParts() {
        for (int r0 = 0; r0 < n; r0 += panel) {
            int rows = Math.min(panel, n - r0);
            gemm.multiply(false, true, rows, m, d, 1.0, xPanel, wStore, 0.0, zPanel);
        }
        return zPanel;
    }
}
