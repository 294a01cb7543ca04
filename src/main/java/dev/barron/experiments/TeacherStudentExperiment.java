package dev.barron.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.ProblemSize;
import dev.barron.io.AtomicFiles;
import dev.barron.io.BuildInfo;
import dev.barron.io.DirectoryLock;
import dev.barron.io.JsonFiles;
import dev.barron.io.LabelledJson;
import dev.barron.io.PendingFiles;
import dev.barron.io.WeightFiles;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.AngleSnapshot;
import dev.barron.train.Checkpoint;
import dev.barron.train.DivergenceGuard;
import dev.barron.train.LearningRate;
import dev.barron.train.LogSchedule;
import dev.barron.train.MetricsRow;
import dev.barron.train.Objective;
import dev.barron.train.Phases;
import dev.barron.train.Projection;
import dev.barron.train.Rng;
import dev.barron.train.StopReason;
import dev.barron.train.StopRules;
import dev.barron.train.TeacherRecovery;
import dev.barron.train.TrainListener;
import dev.barron.train.TrainResult;
import dev.barron.train.Trainer;
import dev.barron.train.TrainerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One teacher-student run as a function config -&gt; run directory:
 * config.json, teacher_V.npy, teacher_b.npy (the run can be repeated from the directory alone),
 * checkpoint.bin with metrics.csv and angles.csv (rewritten together at every checkpoint, so
 * after a crash they agree with the checkpoint), and at the end summary.json and the plots.
 */
public final class TeacherStudentExperiment {

    public static final String CONFIG = "config.json";
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String SUMMARY = "summary.json";
    private static final ObjectMapper JSON = PendingFiles.JSON;
    /**
     * The checkpoint's config hash keeps the encoding it had before config.json went snake_case
     * (camelCase keys), so that runs checkpointed by earlier versions still resume.
     */
    private static final ObjectMapper HASH_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(LabelledJson.module());
    private static final long DATA_KEY = 3;

    /** What the command prints. */
    public record Report(Path dir, String backend, String device, Precision precision, TrainResult result,
                         Phases phases, List<TeacherRecovery.Match> matches, double wallSeconds,
                         Provenance provenance) {
        public List<Integer> recovered() {
            return TeacherRecovery.recovered(matches);
        }
    }

    private TeacherStudentExperiment() {
    }

    /** A run ready to execute: inputs read and checked, backend open, the directory locked, nothing written yet. */
    public record Prepared(TeacherStudentConfig config, Path dir, Teacher teacher, Network start, Checkpoint resume,
                           Backend backend, TrainerConfig trainer, DirectoryLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                backend.close();
            } finally {
                lock.close();
            }
        }
    }

    /** A fresh run into dir, which must not hold a run already. */
    public static Report run(TeacherStudentConfig cfg, Path dir, ProgressBar bar, Consumer<String> notices) throws IOException {
        try (Prepared p = prepare(cfg, dir, notices)) {
            return execute(p, bar, TrainListener.NONE);
        }
    }

    /** Continues the run in dir from its checkpoint, with the configuration stored there. */
    public static Report resume(Path dir, ProgressBar bar, Consumer<String> notices) throws IOException {
        try (Prepared p = prepareResume(dir, notices)) {
            return execute(p, bar, TrainListener.NONE);
        }
    }

    /**
     * Reads and checks every input, locks dir and opens the backend; throws
     * IllegalArgumentException (or BackendException) naming the problem, before anything is written.
     */
    public static Prepared prepare(TeacherStudentConfig cfg, Path dir, Consumer<String> notices) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw Check.bad("out", dir, "exists and is not a directory");
        }
        DirectoryLock.requireNamed("out", dir);
        Teacher teacher = teacherOf(cfg);
        Network start = startOf(cfg);
        return prepare(cfg, dir, teacher, start, DirectoryLock.acquire(dir, "out", notices), notices);
    }

    /** The teacher of a fresh run (read from its files or drawn from its seed). */
    static Teacher teacherOf(TeacherStudentConfig cfg) {
        return Setups.teacher(cfg.teacherKind(), cfg.k(), cfg.d(), cfg.seed(), cfg.teacherV(), cfg.teacherB());
    }

    /** The initial student of a fresh run. */
    static Network startOf(TeacherStudentConfig cfg) {
        return Setups.student(cfg.init(), cfg.initScale(), cfg.m(), cfg.d(), cfg.seed(), cfg.initW(), cfg.initA(),
                cfg.outerInit(), cfg.scaling(), cfg.activation());
    }

    /** As {@link #prepare(TeacherStudentConfig, Path, Consumer)} with dir already locked (the lock is closed on failure). */
    static Prepared prepare(TeacherStudentConfig cfg, Path dir, Teacher teacher, Network start, DirectoryLock lock,
                            Consumer<String> notices) {
        try {
            if (Files.exists(dir.resolve(CHECKPOINT)) || Files.exists(dir.resolve(CONFIG))) {
                throw Check.bad("out", dir, "already holds a run; continue it with --resume " + dir + " or choose another --out");
            }
            Backend backend = open(cfg, notices);
            try {
                return new Prepared(cfg, dir, teacher, start, null, backend, trainerConfig(cfg, teacher, start, backend), lock);
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public static Prepared prepareResume(Path dir, Consumer<String> notices) throws IOException {
        if (!Files.isReadable(dir.resolve(CONFIG)) || !Files.isReadable(dir.resolve(CHECKPOINT))) {
            throw Check.bad("resume", dir, "needs a run directory with " + CONFIG + " and " + CHECKPOINT);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, "resume", notices);
        try {
            TeacherStudentConfig cfg = readConfig(dir);
            Teacher teacher = new Teacher(WeightFiles.readMatrix(dir.resolve("teacher_V.npy"), "teacher_V.npy"),
                    WeightFiles.readVector(dir.resolve("teacher_b.npy"), "teacher_b.npy"));
            Checkpoint ck = Checkpoint.read(dir.resolve(CHECKPOINT), configHash(cfg));
            checkResumable(cfg, ck, dir.resolve(CHECKPOINT));
            Backend backend = open(cfg, notices);
            try {
                return new Prepared(cfg, dir, teacher, ck.initial(), ck, backend, trainerConfig(cfg, teacher, ck.initial(), backend),
                        lock);
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** What the checksum cannot know: the checkpoint must fit its configuration. */
    private static void checkResumable(TeacherStudentConfig cfg, Checkpoint ck, Path file) {
        String why = null;
        if (ck.step() > cfg.steps()) {
            why = "its step " + ck.step() + " is beyond the run's budget of " + cfg.steps() + " steps";
        }
        for (Network n : List.of(ck.initial(), ck.current())) {
            if (n.width() != cfg.m() || n.inputDim() != cfg.d() || n.a().length != cfg.m()) {
                why = "it holds a " + n.width() + " x " + n.inputDim() + " network where the run has m = " + cfg.m()
                        + ", d = " + cfg.d();
            }
        }
        if (why != null) {
            throw Check.bad("checkpoint", file, why + "; it is not resumed from");
        }
    }

    /** SHA-256 of the configuration as config.json stores it: a checkpoint belongs to exactly one configuration. */
    static byte[] configHash(TeacherStudentConfig cfg) {
        try {
            return Checkpoint.configHash(HASH_JSON.writeValueAsBytes(cfg));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains and writes the run directory. */
    public static Report execute(Prepared p, ProgressBar bar) throws IOException {
        return execute(p, bar, TrainListener.NONE);
    }

    static Report execute(Prepared p, ProgressBar bar, TrainListener observer) throws IOException {
        TeacherStudentConfig cfg = p.config();
        Path dir = p.dir();
        Trainer trainer = new Trainer(p.backend(), p.trainer());
        TrainResult r;
        if (p.resume() == null) {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(CONFIG), out -> out.write(JSON.writeValueAsBytes(cfg)));
            WeightFiles.write(dir.resolve("teacher_V.npy"), p.teacher().v(), Precision.F64);
            WeightFiles.write(dir.resolve("teacher_b.npy"), p.teacher().b(), Precision.F64);
            r = trainer.run(p.start(), p.teacher(), cfg.seed(), listener(dir, cfg, bar, observer));
        } else {
            // The files go back to the checkpoint: rows logged after it are recomputed identically.
            RunFiles.writeHistory(dir, p.resume().history(), p.resume().angles(), cfg.k());
            r = trainer.resume(p.resume(), p.teacher(), listener(dir, cfg, bar, observer));
        }
        return finish(cfg, dir, p.backend(), p.teacher(), r, bar);
    }

    public static TeacherStudentConfig readConfig(Path dir) throws IOException {
        return JsonFiles.read(dir.resolve(CONFIG), TeacherStudentConfig.class);
    }

    private static Backend open(TeacherStudentConfig cfg, Consumer<String> notices) {
        BackendOptions opts = new BackendOptions(cfg.precision(), cfg.device());
        int n = cfg.objective() == ObjectiveKind.POPULATION ? 0 : cfg.batch();
        return Backends.open(cfg.backend(), opts, new ProblemSize(cfg.m(), cfg.k(), cfg.d(), n), notices);
    }

    static TrainerConfig trainerConfig(TeacherStudentConfig cfg, Teacher teacher, Network start, Backend backend) {
        Objective objective = switch (cfg.objective()) {
            case ONLINE -> new Objective.OnlineSgd(cfg.batch());
            case FIXED -> fixedData(cfg, teacher, start, backend);
            case POPULATION -> new Objective.Population();
        };
        Projection projection = cfg.projectRadius() > 0
                ? new Projection(cfg.projectRadius(), cfg.projectMethod()) : null;
        return new TrainerConfig(objective, new LearningRate(cfg.lr(), cfg.lrDecayEvery(), cfg.lrDecayFactor()),
                cfg.trainOuter(), new StopRules(cfg.steps(), cfg.stopLoss(), cfg.gradTol()), DivergenceGuard.standard(),
                projection, new LogSchedule(cfg.logPerDecade(), cfg.anglesPerDecade()), cfg.checkpointSeconds(), 0);
    }

    /** A fixed data set of `samples` Gaussian inputs labelled by the teacher, drawn from the run's seed. */
    private static Objective fixedData(TeacherStudentConfig cfg, Teacher teacher, Network start, Backend backend) {
        double[] x = new double[cfg.samples() * cfg.d()];
        Rng.stream(cfg.seed(), DATA_KEY).gaussians(x);
        Matrix xs = new Matrix(cfg.samples(), cfg.d(), x);
        double[] y = backend.forward(xs, new Network(teacher.v(), teacher.b(), Scaling.PLAIN, start.activation()));
        return new Objective.Minibatch(xs, y, cfg.batch());
    }

    private static TrainListener listener(Path dir, TeacherStudentConfig cfg, ProgressBar bar, TrainListener observer) {
        byte[] hash = configHash(cfg);
        return new TrainListener() {
            @Override
            public void checkpoint(Checkpoint c) {
                try {
                    RunFiles.writeHistory(dir, c.history(), c.angles(), cfg.k());
                    c.write(dir.resolve(CHECKPOINT), hash);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                observer.checkpoint(c);
            }

            @Override
            public void progress(long step, long maxSteps, double loss) {
                bar.update(step, maxSteps, String.format("loss %.3e", loss));
                observer.progress(step, maxSteps, loss);
            }

            @Override
            public void restarted(int restarts, long atStep, double lr) {
                observer.restarted(restarts, atStep, lr);
            }
        };
    }

    /** The phase rules of a run: its own alignment angle; norms settle within 5%; losses below 1e-13 are rounding. */
    static Phases.Rules phaseRules(TeacherStudentConfig cfg) {
        return new Phases.Rules(cfg.alignAngle(), 0.05, 1e-13);
    }

    private static Report finish(TeacherStudentConfig cfg, Path dir, Backend backend, Teacher teacher, TrainResult r,
                                 ProgressBar bar) throws IOException {
        bar.finish();
        Phases.Rules rules = phaseRules(cfg);
        Phases phases = Phases.of(r.history(), rules);
        List<TeacherRecovery.Match> matches = new ArrayList<>();
        if (r.network() != null && !r.angles().isEmpty()) {
            AngleSnapshot last = r.angles().get(r.angles().size() - 1);
            matches = TeacherRecovery.assess(r.network(), teacher, last.angles(), cfg.alignAngle(), cfg.recoveryTolerance());
        }
        RunFiles.writeHistory(dir, r.history(), r.angles(), cfg.k());
        if (!r.history().isEmpty()) {
            Plots.writeAll(dir, r.history(), phases, rules.lossFloor(), Plots.caption(cfg));
        }
        Report report = new Report(dir, backend.name(), backend.device(), backend.precision(), r, phases, matches,
                r.wallSeconds(), Provenance.of(backend));
        new PendingFiles().addJson(SUMMARY, summary(cfg, report)).writeTo(dir, "teacher-student");
        return report;
    }

    static Map<String, Object> summary(TeacherStudentConfig cfg, Report rep) {
        TrainResult r = rep.result();
        Phases p = rep.phases();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("config", JSON.convertValue(cfg, LinkedHashMap.class));
        s.put("seed", cfg.seed());
        s.put("backend", rep.backend());
        s.put("device", rep.device());
        s.put("precision", rep.precision().label());
        s.put("version", BuildInfo.version());
        s.put("wall_seconds", rep.wallSeconds());
        s.put("provenance", rep.provenance().toMap());
        s.put("status", r.reason().label());
        s.put("steps", r.steps());
        s.put("final_loss", num(MetricsRow.reportedLoss(r.last().loss())));
        s.put("final_grad_norm", num(r.last().gradNorm()));
        s.put("final_max_neuron_grad_norm", num(r.last().maxNeuronGradNorm()));
        s.put("restarts", r.restarts());
        s.put("final_lr", cfg.lr() * r.lrScale());
        if (r.reason() == StopReason.DIVERGED) {
            s.put("diverged_at_step", r.steps());
        }
        s.put("recovered_teachers", rep.recovered());
        List<Map<String, Object>> teachers = new ArrayList<>();
        for (TeacherRecovery.Match m : rep.matches()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("teacher", m.teacher() + 1);
            t.put("recovered", m.recovered());
            t.put("carried_weight", m.carried());
            t.put("target_weight", m.target());
            t.put("aligned_students", m.students().stream().map(i -> i + 1).toList());
            teachers.add(t);
        }
        s.put("teachers", teachers);
        Map<String, Object> ph = new LinkedHashMap<>();
        ph.put("alignment_end", p.alignmentEnd());
        ph.put("norm_growth_end", p.normGrowthEnd());
        ph.put("local_start", p.localStart());
        ph.put("rate_exponent", num(p.rateExponent()));
        ph.put("power_law_r2", num(p.powerR2()));
        ph.put("linear_rate_per_step", num(p.linearRate()));
        ph.put("linear_r2", num(p.linearR2()));
        ph.put("fit_points", p.fitPoints());
        ph.put("convergence", Double.isNaN(p.rateExponent()) ? null : p.powerLaw() ? "power-law" : "linear");
        s.put("phases", ph);
        s.put("rate_exponent", num(p.rateExponent()));
        return s;
    }

    private static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }
}
