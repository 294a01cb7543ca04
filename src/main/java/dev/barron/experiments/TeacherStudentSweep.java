package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.backend.ProjectionMethod;
import dev.barron.model.Activation;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.DivergenceGuard;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;
import dev.barron.train.LearningRate;
import dev.barron.train.MetricsRow;
import dev.barron.train.StopReason;
import dev.barron.train.StopRules;
import dev.barron.train.TeacherRecovery;
import dev.barron.train.TrainResult;
import dev.barron.train.Trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * `barron teacher-student` as a sweep experiment: each run is the run that command makes with
 * the same options (same teacher, initialisation and trainer from the same seed), recorded by
 * its end: status, steps, final loss, gradient norms, restarts, teachers recovered. Per-step
 * metrics, angles and plots stay the single-run command's.
 *
 * <p>Population runs without projection share a batch per shape (m, k, d, scaling,
 * activation) on {@link Backend#trainEnsemble}; with one thread they run one after the other on
 * the single-run trainer, which is then bit for bit the command's run. Other objectives and
 * projected GD run one at a time on the single-run trainer.
 */
public final class TeacherStudentSweep extends NamedSweepExperiment {

    static final List<String> STATUSES = Arrays.stream(StopReason.values()).map(StopReason::label).toList();

    private static final List<SweepParam> PARAMETERS = List.of(
            SweepParam.integer("d", 20, "input dimension"),
            SweepParam.integer("k", 3, "teacher width"),
            SweepParam.integer("m", 9, "student width"),
            SweepParam.choice("teacher", TeacherKind.ORTHOGONAL, "teacher rows", TeacherKind.ORTHOGONAL, TeacherKind.IDENTITY,
                    TeacherKind.GAUSSIAN),
            SweepParam.choice("init", InitKind.GAUSSIAN, "W0: gaussian (init_scale) or xavier (1/sqrt(d))", InitKind.GAUSSIAN,
                    InitKind.XAVIER),
            SweepParam.real("init_scale", 1e-3, "standard deviation of W0's entries for init gaussian"),
            SweepParam.choice("outer_init", OuterInit.BALANCED, "a0: balanced (|w_i|) or ones"),
            SweepParam.real("lr", 0.5, "step size"),
            SweepParam.longValue("lr_decay_every", 0, "steps between decays (0: constant)"),
            SweepParam.real("lr_decay_factor", 1.0, "factor per decay"),
            SweepParam.longValue("steps", 400_000, "step budget"),
            SweepParam.real("stop_loss", 0, "stop when the loss is at most this"),
            SweepParam.real("grad_tol", 0, "stop when max_i |grad_w_i L| is at most this"),
            SweepParam.choice("scaling", Scaling.PLAIN, "output scaling"),
            SweepParam.flag("train_outer", true, "train the outer weights a"),
            SweepParam.choice("activation", Activation.RELU, "activation"),
            SweepParam.choice("objective", ObjectiveKind.POPULATION, "population, online SGD or a fixed sample"),
            SweepParam.integer("batch", 64, "SGD batch"),
            SweepParam.integer("samples", 0, "fixed sample size"),
            SweepParam.real("radius", 0, "path-norm radius of projected GD (0: unconstrained)"),
            SweepParam.choice("project_method", ProjectionMethod.PROX_BISECTION, "projection method"),
            SweepParam.longValue("seed", 1, "seed of teacher, initialisation and data (replicate 0; others derive from it)"),
            SweepParam.real("align_angle", 0.05, "alignment angle of teacher recovery (radians)"),
            SweepParam.real("recovery_tol", 0.05, "relative tolerance of recovered weight"));

    private static final List<SweepColumn> RESULTS = List.of(
            SweepColumn.category("status", STATUSES),
            SweepColumn.number("steps"),
            SweepColumn.plottedNumber("final_loss"),
            SweepColumn.number("grad_norm"),
            SweepColumn.number("max_neuron_grad_norm"),
            SweepColumn.number("restarts"),
            SweepColumn.number("recovered_teachers"),
            SweepColumn.flag("all_recovered"));

    public TeacherStudentSweep() {
        super("teacher-student",
                "population GD of a two-layer student against a teacher (as barron teacher-student), recorded by its end",
                PARAMETERS, RESULTS);
    }

    /**
     * The single-run command's configuration at a point: the one place where a sweep's values
     * become a TeacherStudentConfig (its constructor checks ranges and combinations). Logging
     * and checkpoints are off: a sweep records each run's end, and neither changes the run.
     */
    static TeacherStudentConfig config(SweepPoint p) {
        return new TeacherStudentConfig(p.integer("d"), p.integer("k"), p.integer("m"), p.choice("teacher", TeacherKind.class),
                null, null, p.choice("init", InitKind.class), p.real("init_scale"), null, null,
                p.choice("outer_init", OuterInit.class), p.real("lr"), p.longValue("lr_decay_every"), p.real("lr_decay_factor"),
                p.longValue("steps"), p.real("stop_loss"), p.real("grad_tol"), p.choice("scaling", Scaling.class),
                p.flag("train_outer"), p.choice("activation", Activation.class), p.choice("objective", ObjectiveKind.class),
                p.integer("batch"), p.integer("samples"), "auto", null, null, p.longValue("seed"), p.real("radius"),
                p.choice("project_method", ProjectionMethod.class), p.real("align_angle"), p.real("recovery_tol"), 1, 0, 0);
    }

    /** The configuration of one task: the point's, with the task's seed. */
    static TeacherStudentConfig config(SweepTask t) {
        return config(t.point().with("seed", t.seed()));
    }

    @Override
    public void check(SweepPoint point) {
        config(point);
    }

    @Override
    public String shape(SweepPoint p) {
        TeacherStudentConfig c = config(p);
        return ensembled(c) ? c.m() + "," + c.k() + "," + c.d() + "," + c.scaling().label() + "," + c.activation().label() : null;
    }

    /** Runs the ensemble engine takes: population GD without projection. */
    private static boolean ensembled(TeacherStudentConfig c) {
        return c.objective() == ObjectiveKind.POPULATION && c.projectRadius() == 0;
    }

    @Override
    public ProblemSize size(SweepPoint p) {
        TeacherStudentConfig c = config(p);
        return new ProblemSize(c.m(), c.k(), c.d(), c.objective() == ObjectiveKind.POPULATION ? 0 : c.batch());
    }

    @Override
    public List<SweepOutcome> run(Backend backend, List<SweepTask> batch, int threads) {
        List<TeacherStudentConfig> configs = batch.stream().map(TeacherStudentSweep::config).toList();
        List<Teacher> teachers = configs.stream().map(TeacherStudentExperiment::teacherOf).toList();
        List<SweepOutcome> out = new ArrayList<>(batch.size());
        if (ensembled(configs.get(0))) {
            List<EnsembleRun> runs = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                TeacherStudentConfig c = configs.get(i);
                runs.add(new EnsembleRun(TeacherStudentExperiment.startOf(c), teachers.get(i),
                        new LearningRate(c.lr(), c.lrDecayEvery(), c.lrDecayFactor()), c.trainOuter(),
                        new StopRules(c.steps(), c.stopLoss(), c.gradTol()), DivergenceGuard.standard()));
            }
            List<EnsembleResult> results = threads == 1 ? Ensembles.sequential(backend, runs) : backend.trainEnsemble(runs);
            for (int i = 0; i < batch.size(); i++) {
                EnsembleResult r = results.get(i);
                out.add(outcome(backend, configs.get(i), teachers.get(i), r.reason(), r.steps(), r.last().loss(),
                        r.last().gradNorm(), r.last().maxNeuronGradNorm(), r.restarts(), r.network()));
            }
            return out;
        }
        for (int i = 0; i < batch.size(); i++) {
            TeacherStudentConfig c = configs.get(i);
            Network start = TeacherStudentExperiment.startOf(c);
            TrainResult r = new Trainer(backend, TeacherStudentExperiment.trainerConfig(c, teachers.get(i), start, backend))
                    .run(start, teachers.get(i), c.seed(), null);
            MetricsRow last = r.last();
            out.add(outcome(backend, c, teachers.get(i), r.reason(), r.steps(), last.loss(), last.gradNorm(),
                    last.maxNeuronGradNorm(), r.restarts(), r.network()));
        }
        return out;
    }

    private static SweepOutcome outcome(Backend backend, TeacherStudentConfig c, Teacher teacher, StopReason reason, long steps,
                                        double loss, double gradNorm, double maxNeuron, int restarts, Network net) {
        int recovered = 0;
        if (net != null && reason != StopReason.DIVERGED) {
            recovered = TeacherRecovery.recovered(TeacherRecovery.assess(net, teacher, backend.angles(net, teacher),
                    c.alignAngle(), c.recoveryTolerance())).size();
        }
        return SweepOutcome.of(reason.label(), steps, MetricsRow.reportedLoss(loss), gradNorm, maxNeuron, restarts,
                recovered, recovered == c.k());
    }
}
