package dev.barron.bench;

import dev.barron.backend.Backend;
import dev.barron.backend.LossGradient;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Network;
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

import java.util.concurrent.TimeUnit;

/**
 * Closed-form population loss and gradient, and one full device-resident GD step, per call.
 * GFLOP/s of the GEMM parts (bench/report.py): the useful flops of the four products, with the
 * symmetric Gram at m (m + 1) d (half a general product), (3 m^2 + m + 4 m k) d in all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PopulationBench {

    /** m,k,d. */
    @Param({"256,16,256", "1024,16,1024", "4096,16,1024"})
    public String shape;

    @Param({"cpu"})
    public String backend;

    @Param({"f64"})
    public String precision;

    private Backend impl;
    private Network net;
    private Teacher teacher;
    private TrainingSession session;

    @Setup(Level.Trial)
    public void setUp() {
        int[] s = BenchData.shape(shape);
        impl = BenchData.open(backend, precision);
        net = BenchData.student(s[0], s[2], 1);
        teacher = BenchData.teacher(s[1], s[2], 2);
        session = impl.openSession(new SessionSpec(net, teacher, true));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        impl.close();
    }

    @Benchmark
    public LossGradient lossAndGradient() {
        return impl.populationLossAndGradient(net, teacher);
    }

    /** evaluate + update on the device: what one training step costs. */
    @Benchmark
    public StepStats trainingStep() {
        StepStats stats = session.evaluatePopulation();
        session.step(1e-6);
        return stats;
    }
}
