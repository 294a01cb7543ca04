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
 * {@link EmpiricalEvaluator#forward} makes, with its panel size and threading (whole panels per
 * thread on a single-threaded BLAS when there is more than one), on panels already filled
 * (2 n d m flops; bench/report.py op forwardParts).
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
    private RowParallel parallel;
    private ThreadBuffers buffers;
    private int panels;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("[,x]");
        n = Integer.parseInt(s[0]);
        d = Integer.parseInt(s[1]);
        m = Integer.parseInt(s[2]);
        Precision p = precision.equals("f64") ? Precision.F64 : Precision.F32;
        gemm = new Gemm(BlasLibrary.get().blas());
        parallel = new RowParallel(new java.util.concurrent.ForkJoinPool(Runtime.getRuntime().availableProcessors()));
        panel = EmpiricalEvaluator.panelRows(n, d, m, EmpiricalEvaluator.PANEL_BYTES, parallel.threads());
        panels = (n + panel - 1) / panel;
        buffers = new ThreadBuffers(p, 1);
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
        if (parallel.threads() > 1 && panels > 1) {
            gemm.serially(() -> parallel.forRows(panels, Long.MAX_VALUE / panels, (p0, p1) -> {
                RealArray z = buffers.get(0, panel * m);
                for (int p = p0; p < p1; p++) {
                    gemm.multiply(false, true, Math.min(panel, n - p * panel), m, d, 1.0, xPanel, wStore, 0.0, z);
                }
            }));
            return zPanel;
        }
        for (int r0 = 0; r0 < n; r0 += panel) {
            gemm.multiply(false, true, Math.min(panel, n - r0), m, d, 1.0, xPanel, wStore, 0.0, zPanel);
        }
        return zPanel;
    }
}
