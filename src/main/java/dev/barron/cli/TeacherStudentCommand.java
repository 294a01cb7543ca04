package dev.barron.cli;

import dev.barron.backend.ProjectionMethod;
import dev.barron.experiments.Figures;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.ObjectiveKind;
import dev.barron.experiments.OuterInit;
import dev.barron.experiments.ProgressBar;
import dev.barron.experiments.TeacherStudentConfig;
import dev.barron.experiments.TeacherKind;
import dev.barron.experiments.TeacherStudentExperiment;
import dev.barron.model.Activation;
import dev.barron.model.Scaling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/** barron teacher-student: one GD run of a student against a teacher, with metrics, phases and plots. */
@Command(name = "teacher-student", sortOptions = false,
        description = {"Trains a student against a teacher (GD, projected GD or SGD), with metrics and plots.",
                "(Projected) GD on the closed-form population loss, or by SGD, and writes DIR/metrics.csv, angles.csv, summary.json,",
                "loss, angles and norms (.png, .svg) and a checkpoint (every --checkpoint-seconds) that",
                "--resume DIR continues exactly."})
public final class TeacherStudentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--d", defaultValue = "20", description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int d;
    @Option(names = "--k", defaultValue = "3", description = "Teacher neurons. Default: ${DEFAULT-VALUE}.")
    int k;
    @Option(names = "--m", defaultValue = "9", description = "Student neurons. Default: ${DEFAULT-VALUE}.")
    int m;
    @Option(names = "--teacher", defaultValue = "orthogonal", paramLabel = "KIND", converter = Converters.TeacherConverter.class,
            description = "orthogonal (random orthonormal rows), identity (e_1..e_k), gaussian (N(0, I/d) rows), files (--V, --b). b = 1 unless --b. Default: ${DEFAULT-VALUE}.")
    TeacherKind teacher;
    @Option(names = "--V", paramLabel = "FILE", description = "Teacher rows, k x d (.npy or .csv), with --teacher files.")
    Path v;
    @Option(names = "--b", paramLabel = "FILE", description = "Teacher outer weights, length k, with --teacher files.")
    Path b;
    @Option(names = "--init", defaultValue = "gaussian", paramLabel = "KIND", converter = Converters.InitConverter.class,
            description = "gaussian (entries N(0, init-scale^2)), xavier (N(0, 1/d)), files (--W0, --a0). Default: ${DEFAULT-VALUE}.")
    InitKind init;
    @Option(names = "--init-scale", defaultValue = "1e-3", description = "Standard deviation for --init gaussian. Default: ${DEFAULT-VALUE}.")
    double initScale;
    @Option(names = "--W0", paramLabel = "FILE", description = "Initial W, m x d, with --init files.")
    Path w0;
    @Option(names = "--a0", paramLabel = "FILE", description = "Initial a, length m, with --init files.")
    Path a0;
    @Option(names = "--outer-init", defaultValue = "balanced", paramLabel = "KIND", converter = Converters.OuterInitConverter.class,
            description = "balanced (a_i = |w_i|) or ones. Default: ${DEFAULT-VALUE}.")
    OuterInit outerInit;
    @Option(names = "--lr", defaultValue = "0.5", description = "Step size. Default: ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--lr-decay-every", defaultValue = "0", description = "Steps between step-size decays (0: constant). Default: ${DEFAULT-VALUE}.")
    long lrDecayEvery;
    @Option(names = "--lr-decay-factor", defaultValue = "1", description = "Factor at each decay, in (0, 1]. Default: ${DEFAULT-VALUE}.")
    double lrDecayFactor;
    @Option(names = "--steps", defaultValue = "400000", description = "Step budget. Default: ${DEFAULT-VALUE}.")
    long steps;
    @Option(names = "--stop-loss", defaultValue = "0", description = "Stop when the loss falls below this (0: off). Default: ${DEFAULT-VALUE}.")
    double stopLoss;
    @Option(names = "--grad-tol", defaultValue = "0", description = "Stop when max_i |grad_w_i L| <= this (0: off). Default: ${DEFAULT-VALUE}.")
    double gradTol;
    @Option(names = "--scaling", defaultValue = "plain", converter = Converters.ScalingConverter.class, description = "plain (s = 1) or mean-field (s = 1/m). Default: ${DEFAULT-VALUE}.")
    Scaling scaling;
    @Option(names = "--frozen-outer", description = "Keep the outer weights a fixed (default: they train).")
    boolean frozenOuter;
    @Option(names = "--activation", defaultValue = "relu", converter = Converters.ActivationConverter.class, description = "relu, step, erf, relu2. Default: ${DEFAULT-VALUE}.")
    Activation activation;
    @Option(names = "--objective", defaultValue = "population", converter = Converters.ObjectiveConverter.class,
            description = "population (full-batch GD, closed form), online (SGD, fresh Gaussian samples each step), fixed (SGD on --samples points). Default: ${DEFAULT-VALUE}.")
    ObjectiveKind objective;
    @Option(names = "--batch", defaultValue = "64", description = "SGD batch size. Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--samples", defaultValue = "0", description = "Data set size for --objective fixed.")
    int samples;
    @Option(names = "--project-radius", defaultValue = "0", description = "Projected GD onto {path norm <= R} (0: off). Default: ${DEFAULT-VALUE}.")
    double projectRadius;
    @Option(names = "--project-method", defaultValue = "prox-bisection", converter = Converters.MethodConverter.class, description = "prox-bisection, rescale, l1-outer. Default: ${DEFAULT-VALUE}.")
    ProjectionMethod projectMethod;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of teacher, init and SGD samples. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--align-angle", defaultValue = "0.05", description = "Radians: the alignment rule of phases and recovery. Default: ${DEFAULT-VALUE}.")
    double alignAngle;
    @Option(names = "--recovery-tol", defaultValue = "0.05", description = "Relative tolerance on a teacher's carried output weight. Default: ${DEFAULT-VALUE}.")
    double recoveryTol;
    @Option(names = "--log-per-decade", defaultValue = "20", description = "Logged steps per decade. Default: ${DEFAULT-VALUE}.")
    int logPerDecade;
    @Option(names = "--angles-per-decade", defaultValue = "4", description = "Angle snapshots per decade. Default: ${DEFAULT-VALUE}.")
    int anglesPerDecade;
    @Option(names = "--checkpoint-seconds", defaultValue = "10", description = "Seconds between checkpoints. Default: ${DEFAULT-VALUE}.")
    double checkpointSeconds;
    @Mixin
    BackendChoice backend;
    @Option(names = "--out", defaultValue = "runs/teacher-student", paramLabel = "DIR", description = "Run directory. Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its checkpoint (no other option allowed).")
    Path resume;
    @Option(names = "--quiet", description = "No progress bar and no notes.")
    boolean quiet;
    @Option(names = "--progress", description = "Redraw the progress bar in place even when stderr is not a terminal"
            + " (otherwise one line per phase there).")
    boolean progress;

    private static final Set<String> WITH_RESUME = Set.of("--resume", "--quiet", "--progress");

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        TeacherStudentExperiment.Prepared p = BadInputException.guard(() -> {
            try {
                return resume != null ? prepareResume(err) : prepareFresh(err);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read: " + e.getMessage(), e);
            }
        });
        try (p) {
            long startStep = p.resume() == null ? 0 : p.resume().step();
            ProgressBar bar = quiet ? ProgressBar.silent() : ProgressBar.onStderr("teacher-student", startStep, progress);
            TeacherStudentExperiment.Report rep = TeacherStudentExperiment.execute(p, bar);
            TrainingReport.print(spec.commandLine().getOut(), "teacher-student", p.config(), rep);
            Figures.note().ifPresent(Quiet.notices(err, quiet));
            return rep.result().reason() == dev.barron.train.StopReason.DIVERGED ? BarronCli.EXIT_FAILURE : BarronCli.EXIT_OK;
        }
    }

    private TeacherStudentExperiment.Prepared prepareResume(PrintWriter err) throws java.io.IOException {
        for (var o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!WITH_RESUME.contains(o.longestName())) {
                throw BadInputException.of(o.longestName(), spec.commandLine().getParseResult().matchedOptionValue(o.longestName(), ""),
                        "conflicts with --resume: a resumed run keeps the configuration stored in " + resume);
            }
        }
        return TeacherStudentExperiment.prepareResume(resume, Quiet.notices(err, quiet));
    }

    private TeacherStudentExperiment.Prepared prepareFresh(PrintWriter err) {
        backend.checkName();
        TeacherStudentConfig cfg = new TeacherStudentConfig(d, k, m, teacher, str(v), str(b), init, initScale, str(w0), str(a0),
                outerInit, lr, lrDecayEvery, lrDecayFactor, steps, stopLoss, gradTol, scaling, !frozenOuter, activation,
                objective, batch, samples, backend.backend, backend.device, backend.precision, seed, projectRadius,
                projectMethod, alignAngle, recoveryTol, logPerDecade, anglesPerDecade, checkpointSeconds);
        return TeacherStudentExperiment.prepare(cfg, out, Quiet.notices(err, quiet));
    }

    static String str(Path p) {
        return p == null ? null : p.toString();
    }

}
