package dev.barron.bench.train;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.TrainingSession;
import dev.barron.experiments.TeacherKind;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.OuterInit;
import dev.barron.experiments.Setups;
import dev.barron.model.Activation;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.Checkpoint;
import dev.barron.train.StopRules;
import dev.barron.train.TrainResult;
import dev.barron.train.Trainer;
import dev.barron.train.TrainerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the trainer costs on top of the backend, on the demo problem (d = 20, k = 3 orthogonal
 * teachers, m = 9), in microseconds per GD step (each invocation is 1000 steps):
 * <ul>
 *   <li>trainer: Trainer.resume from step 100000 to 101000 with the standard log schedule (20
 *       points a decade, so about one logged step in a thousand, as in the tail of a long run),
 *       including opening the session, the divergence guard, the stop rules and the final log;</li>
 *   <li>sessionLoop: the bare backend loop evaluatePopulation() + step(lr), no trainer;</li>
 *   <li>gradientOnly: evaluatePopulation() alone, the backend's gradient call.</li>
 * </ul>
 * Share of a step outside the gradient call = 1 - gradientOnly / trainer; the trainer's own
 * overhead = 1 - sessionLoop / trainer. Compare with bench/peers/teacher_student_numpy.py --time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrainerOverheadBench {

    private static final int STEPS = 1000;
    private static final long FROM = 100_000;
    private static final double LR = 0.5;

    @Param({"cpu"})
    public String backend;

    private Backend impl;
    private Teacher teacher;
    private Checkpoint checkpoint;
    private TrainerConfig config;
    private TrainingSession session;

    @Setup(Level.Trial)
    public void setUp() {
        impl = Backends.open(backend, BackendOptions.of(Precision.F64), new dev.barron.backend.ProblemSize(9, 3, 20, 0), s -> { });
        teacher = Setups.teacher(TeacherKind.ORTHOGONAL, 3, 20, 1, null, null);
        Network start = Setups.student(InitKind.GAUSSIAN, 1e-3, 9, 20, 1, null, null, OuterInit.BALANCED, Scaling.PLAIN, Activation.RELU);
        // A realistic state: the demo after 3000 steps (aligned, in the local phase).
        TrainResult warm = new Trainer(impl, TrainerConfig.gd(LR, true, StopRules.budget(3000))).run(start, teacher, 1, null);
        checkpoint = new Checkpoint(FROM, 0, 1, start, warm.network(), 0, List.of(), List.of());
        config = TrainerConfig.gd(LR, true, StopRules.budget(FROM + STEPS));
        session = impl.openSession(new SessionSpec(warm.network(), teacher, true));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        impl.close();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public TrainResult trainer() {
        return new Trainer(impl, config).resume(checkpoint, teacher, null);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void sessionLoop(Blackhole bh) {
        for (int t = 0; t < STEPS; t++) {
            bh.consume(session.evaluatePopulation());
            session.step(LR);
        }
        session.write(checkpoint.current());
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void gradientOnly(Blackhole bh) {
        for (int t = 0; t < STEPS; t++) {
            bh.consume(session.evaluatePopulation());
        }
    }
}
