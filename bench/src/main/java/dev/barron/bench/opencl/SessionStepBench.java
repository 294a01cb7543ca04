package dev.barron.bench.opencl;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Device-resident training steps through the backend interface, as the trainer runs them:
 * the population GD step (evaluate + update, three scalars read back) from the tiny demo size,
 * where launch overhead dominates and --backend auto must keep the CPU, up to sizes where the
 * device pays; and the SGD step on a fresh batch (the batch upload included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionStepBench {

    /** m,k,d (or mxkxd) of the population step; n = 4 m for the SGD step. */
    @Param({"9,3,20", "64,8,64", "256,16,256"})
    public String shape;

    @Param({"cpu", "opencl"})
    public String backend;

    @Param({"f64"})
    public String precision;

    private Backend impl;
    private TrainingSession population;
    private TrainingSession sgd;
    private Matrix x;
    private double[] y;

    private static Matrix gaussian(SplittableRandom rng, int rows, int cols, double scale) {
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = scale * (rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5) * 2;
        }
        return new Matrix(rows, cols, data);
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = shape.split("[,x]");
        int m = Integer.parseInt(p[0]);
        int k = Integer.parseInt(p[1]);
        int d = Integer.parseInt(p[2]);
        SplittableRandom rng = new SplittableRandom(7);
        impl = Backends.open(backend, BackendOptions.of(Precision.parse(precision)), null, System.err::println);
        double[] a = new double[m];
        java.util.Arrays.fill(a, 1.0);
        double[] b = new double[k];
        java.util.Arrays.fill(b, 1.0);
        Network net = Network.relu(gaussian(rng, m, d, 1 / Math.sqrt(d)), a);
        Teacher teacher = new Teacher(gaussian(rng, k, d, 1 / Math.sqrt(d)), b);
        population = impl.openSession(new SessionSpec(net, teacher, true));
        sgd = impl.openSession(new SessionSpec(net, null, true));
        x = gaussian(rng, 4 * m, d, 1);
        y = new double[4 * m];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        population.close();
        sgd.close();
        impl.close();
    }

    @Benchmark
    public StepStats populationStep() {
        StepStats s = population.evaluatePopulation();
        population.step(1e-6);
        return s;
    }

    @Benchmark
    public StepStats sgdStep() {
        StepStats s = sgd.evaluateEmpirical(x, y);
        sgd.step(1e-6);
        return s;
    }
}
