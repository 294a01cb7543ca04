package dev.barron.backend.cpu;

import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Activation;
import dev.barron.model.FloatMatrix;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.util.SplittableRandom;

/**
 * One step of `barron erm` (full batch, docs/MATH.md section 11.1) on the cpu backend: the
 * empirical loss and gradient on n samples, the update and the projection onto the path-norm
 * ball (prox-bisection), as a TrainingSession runs it; beside it the GEMM parts of that step
 * alone (Z = X W^T and grad W = P^T X, 4 n d m flops: the fused kernel's tiles where the step
 * takes that path, else the Gemm calls of EmpiricalEvaluator; the Gemm calls' rate is printed
 * either way) and
 * the library's own GEMM rate on square operands in native memory (the yardstick, as numpy calls
 * it). bench/erm.sh runs it with the numpy peer bench/peers/erm_numpy.py. Not a JMH benchmark:
 * each figure is the best of `reps` timings of a step that takes tens of milliseconds.
 *
 * <p>Usage: ErmStepSpeed [n] [d] [m] [reps] [precision]; prints one line per precision (f64
 * and f32 when none is given). bench/erm.sh runs each precision in a JVM of its own, as a
 * fit runs: on JDK 17, after the float64 kernels had run in the same JVM, the float32 products
 * ran at about half the sgemm rate in 10 of 23 JVMs (in the two of those inspected, C2 had left
 * some of the forward tile's vector stores as calls: PrintInlining "VectorSupport::store failed
 * to inline (intrinsic)"; the fast JVM inspected had none).
 */
public final class ErmStepSpeed {

    private ErmStepSpeed() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int m = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        double[] x = gaussian(n * d, 1);
        double[] y = gaussian(n, 2);
        double[] w = gaussian(m * d, 3);
        double[] a = gaussian(m, 4);
        for (int i = 0; i < w.length; i++) {
            w[i] /= Math.sqrt(d);
        }
        Precision[] precisions = args.length > 4
                ? new Precision[]{Precision.parse(args[4])} : new Precision[]{Precision.F64, Precision.F32};
        for (Precision p : precisions) {
            double step = stepSeconds(p, n, d, m, x, y, w, a, reps);
            boolean fused = d <= EmpiricalEvaluator.FUSED_MAX_INPUTS;
            // The products and the yardstick GEMM take turns, rep by rep, and each keeps its best:
            // a machine whose speed drifts (these VMs swing by a third within a minute) then
            // weighs on both sides of the ratio alike.
            try (Timed products = fused ? fusedParts(p, n, d, m, x, w, a) : gemmParts(p, n, d, m, x, w);
                 Timed blas = gemmParts(p, n, d, m, x, w);
                 Timed gemm = libraryGemm(p, 2048)) {
                double[][] times = turns(reps, products, blas, gemm);
                double partsFlops = 4.0 * n * d * m;
                double gemmFlops = 2.0 * 2048 * 2048 * 2048;
                double parts = min(times[0]);
                double yardstick = gemmFlops / min(times[2]) * 1e-9;
                double partsGflops = partsFlops / parts * 1e-9;
                System.out.printf("erm_step precision=%s n=%d d=%d m=%d threads=%d step_ms=%.3f products=%s gemm_parts_ms=%.3f "
                                + "gemm_parts_gflops=%.2f blas_parts_gflops=%.2f library_gemm_gflops=%.2f parts_of_library=%.3f "
                                + "parts_of_library_paired=%.3f%n",
                        p.label(), n, d, m, Runtime.getRuntime().availableProcessors(), step * 1e3, fused ? "fused" : "blas",
                        parts * 1e3, partsGflops, partsFlops / min(times[1]) * 1e-9, yardstick, partsGflops / yardstick,
                        pairedMedian(times[0], partsFlops, times[2], gemmFlops));
            }
        }
    }

    /** One timed operation with its own operands, freed by close. */
    interface Timed extends AutoCloseable {
        void run();

        @Override
        default void close() {
        }
    }

    /** Each operation's times over reps turns (after two untimed ones), the operations taking turns: [operation][turn]. */
    static double[][] turns(int reps, Timed... ops) {
        double[][] times = new double[ops.length][reps];
        for (int r = 0; r < reps + 2; r++) {
            for (int i = 0; i < ops.length; i++) {
                long t0 = System.nanoTime();
                ops[i].run();
                double t = (System.nanoTime() - t0) * 1e-9;
                if (r >= 2) {
                    times[i][r - 2] = t;
                }
            }
        }
        return times;
    }

    static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }

    /**
     * The median over turns of one operation's rate over the other's, each turn's two timings
     * taken seconds apart: a machine whose speed swings between turns (other tenants' load)
     * moves both of a turn's rates, where the ratio of two best times can pair a quiet moment
     * of one side with a busy one of the other.
     */
    static double pairedMedian(double[] times, double flops, double[] yardstickTimes, double yardstickFlops) {
        double[] ratio = new double[times.length];
        for (int r = 0; r < times.length; r++) {
            ratio[r] = (flops / times[r]) / (yardstickFlops / yardstickTimes[r]);
        }
        java.util.Arrays.sort(ratio);
        int h = ratio.length / 2;
        return ratio.length % 2 == 1 ? ratio[h] : 0.5 * (ratio[h - 1] + ratio[h]);
    }

    /** evaluateEmpirical + step + project, best of reps after two warm-ups. */
    static double stepSeconds(Precision p, int n, int d, int m, double[] x, double[] y, double[] w, double[] a, int reps) {
        Matrix xs = new Matrix(n, d, x);
        Network start = new Network(new Matrix(m, d, w.clone()), a.clone(), Scaling.PLAIN, Activation.RELU);
        // a radius below the start's path norm, so that every projection works (the constraint is active)
        double radius = 0.5 * dev.barron.math.PathNorms.l1(start);
        try (CpuBackend cpu = new CpuBackend(p);
             TrainingSession s = cpu.openSession(new SessionSpec(start, null, true))) {
            double best = Double.POSITIVE_INFINITY;
            double bestEval = Double.POSITIVE_INFINITY;
            double bestProject = Double.POSITIVE_INFINITY;
            for (int r = 0; r < reps + 2; r++) {
                long t0 = System.nanoTime();
                s.evaluateEmpirical(xs, y);
                long t1 = System.nanoTime();
                s.step(1e-3);
                long t2 = System.nanoTime();
                s.project(radius, ProjectionMethod.PROX_BISECTION);
                long t3 = System.nanoTime();
                if (r >= 2) {
                    best = Math.min(best, (t3 - t0) * 1e-9);
                    bestEval = Math.min(bestEval, (t1 - t0) * 1e-9);
                    bestProject = Math.min(bestProject, (t3 - t2) * 1e-9);
                }
            }
            System.out.printf("erm_step_parts precision=%s evaluate_ms=%.3f project_ms=%.3f%n", p.label(), bestEval * 1e3,
                    bestProject * 1e3);
            return best;
        }
    }

    /**
     * Z = X W^T and Z^T X by the fused kernel's own register tiles, with none of its pointwise
     * work, over the evaluator's split of the rows between threads: the GEMM parts of a step
     * that takes the fused path, on X as a fit's steps give it to the kernel (float32: rounded
     * once, as the session keeps it).
     */
    static Timed fusedParts(Precision p, int n, int d, int m, double[] x, double[] w, double[] a) {
        FusedRelu kernel = FusedRelu.of(p, 1.0, w, a, m, d);
        Object data = p == Precision.F32 ? FloatMatrix.rounded(new Matrix(n, d, x)).data() : x;
        CpuBackend cpu = new CpuBackend(p);
        return new Timed() {
            public void run() {
                cpu.empirical().forPanels(n, m, d, (from, to) -> kernel.productsOnly(data, from, to));
            }

            public void close() {
                cpu.close();
            }
        };
    }

    /** Z = X W^T and grad W = P^T X through the backend's Gemm, as EmpiricalEvaluator calls them beyond the fused kernel's inputs. */
    static Timed gemmParts(Precision p, int n, int d, int m, double[] x, double[] w) {
        Gemm gemm = new Gemm(BlasLibrary.get().blas());
        RealArray xs = p == Precision.F64 ? RealArray.operand(p, x) : RealArray.copyOf(p, x);
        RealArray ws = RealArray.copyOf(p, w);
        RealArray z = RealArray.allocate(p, n, m);
        RealArray g = RealArray.allocate(p, m, d);
        return () -> {
            gemm.multiply(false, true, n, m, d, 1.0, xs, ws, 0.0, z);
            gemm.multiply(true, false, m, d, n, 1.0, z, xs, 0.0, g);
        };
    }

    /** The library's dgemm / sgemm on k x k operands already in native memory (bundled OpenBLAS), as numpy calls it. */
    static Timed libraryGemm(Precision p, int k) {
        double[] a = gaussian(k * k, 7);
        double[] b = gaussian(k * k, 8);
        Pointer[] operands;
        Runnable call;
        if (p == Precision.F64) {
            DoublePointer pa = new DoublePointer(a);
            DoublePointer pb = new DoublePointer(b);
            DoublePointer pc = new DoublePointer((long) k * k);
            operands = new Pointer[]{pa, pb, pc};
            call = () -> openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, k, k, k, 1.0, pa, k, pb, k, 0.0, pc, k);
        } else {
            FloatPointer pa = new FloatPointer(toFloats(a));
            FloatPointer pb = new FloatPointer(toFloats(b));
            FloatPointer pc = new FloatPointer((long) k * k);
            operands = new Pointer[]{pa, pb, pc};
            call = () -> openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasColMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, k, k, k, 1.0f, pa, k, pb, k, 0.0f, pc, k);
        }
        return new Timed() {
            public void run() {
                call.run();
            }

            public void close() {
                for (Pointer q : operands) {
                    q.close();
                }
            }
        };
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double[] gaussian(int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            // Box-Muller: the values do not matter for the timing, only that they are not all zero
            v[i] = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
        return v;
    }
}
