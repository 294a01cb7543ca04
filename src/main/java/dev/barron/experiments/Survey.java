package dev.barron.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.ProblemSize;
import dev.barron.io.CsvAppender;
import dev.barron.io.AtomicFiles;
import dev.barron.io.DirectoryLock;
import dev.barron.io.JsonFiles;
import dev.barron.io.PendingFiles;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.DivergenceGuard;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;
import dev.barron.train.LearningRate;
import dev.barron.train.MetricsRow;
import dev.barron.train.Rng;
import dev.barron.train.StopReason;
import dev.barron.train.StopRules;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a survey (or one shard of it) into a directory: survey.json (the configuration),
 * shard.json, runs.csv (one line a finished run, appended and flushed as runs finish, so a
 * killed survey resumes where it stopped: finished runs are skipped, a torn last line is cut),
 * points.csv (the final W of every spurious run, one row per entry, written before its runs.csv
 * line), and at the end summary.csv and summary.md ({@link SurveySummary}).
 *
 * <p>Run r of configuration (k, m) has the seed Rng.stream(seed, k, m, r).nextLong(); shard
 * i/N takes the runs whose index in survey order is congruent to i-1 mod N, so the shards
 * partition the survey whatever machine runs them.
 */
public final class Survey {

    public static final String CONFIG = "survey.json";
    public static final String SHARD = "shard.json";
    public static final String RUNS = "runs.csv";
    public static final String POINTS = "points.csv";
    static final ObjectMapper JSON = PendingFiles.JSON;

    /** Shard index (1-based) of count. */
    public record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw Check.bad("shard", index + "/" + count, "must be i/N with 1 <= i <= N");
            }
        }

        public static Shard parse(String text) {
            String[] p = text.split("/");
            try {
                if (p.length == 2) {
                    return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw Check.bad("shard", text, "must be i/N with 1 <= i <= N, e.g. 1/2");
        }

        public static Shard whole() {
            return new Shard(1, 1);
        }

        /**
         * The shard a scheduler's array task runs, when no --shard is given: SLURM's
         * SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT (counted from SLURM_ARRAY_TASK_MIN, so
         * --array=0-3 and --array=1-4 both give shards 1/4 .. 4/4), or a Kubernetes Indexed
         * Job's JOB_COMPLETION_INDEX (from 0) of BARRON_SHARD_COUNT; else the whole survey.
         */
        public static Shard fromEnvironment(Map<String, String> env) {
            String slurmId = env.get("SLURM_ARRAY_TASK_ID");
            if (slurmId != null) {
                int min = integer(env, "SLURM_ARRAY_TASK_MIN", "0");
                return new Shard(integer(env, "SLURM_ARRAY_TASK_ID", null) - min + 1,
                        integer(env, "SLURM_ARRAY_TASK_COUNT", null));
            }
            if (env.get("JOB_COMPLETION_INDEX") != null) {
                return new Shard(integer(env, "JOB_COMPLETION_INDEX", null) + 1, integer(env, "BARRON_SHARD_COUNT", null));
            }
            return whole();
        }

        private static int integer(Map<String, String> env, String name, String absent) {
            String v = env.getOrDefault(name, absent);
            try {
                return Integer.parseInt(v == null ? "" : v.trim());
            } catch (NumberFormatException e) {
                throw Check.bad(name, v == null ? "(unset)" : v, "must be an integer: the shard is taken from the"
                        + " environment when --shard is absent");
            }
        }
    }

    /** One planned run. */
    public record Planned(int k, int m, int r, long seed, long index) {
    }

    /** A survey ready to execute: validated, backend open, runs already done known. */
    public record Prepared(SurveyConfig config, Shard shard, Path dir, Backend backend, List<Planned> todo, int done,
                           int total, DirectoryLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                backend.close();
            } finally {
                lock.close();
            }
        }
    }

    /** Lets tests stop a survey after n runs, as a crash would. */
    public interface Interruption {
        boolean stopNow(int finishedThisProcess);

        Interruption NEVER = n -> false;
    }

    private Survey() {
    }

    public static List<Planned> plan(SurveyConfig cfg) {
        List<Planned> out = new ArrayList<>();
        long index = 0;
        for (int[] km : cfg.configurations()) {
            for (int r = 0; r < cfg.runs(); r++) {
                out.add(new Planned(km[0], km[1], r, Rng.stream(cfg.seed(), km[0], km[1], r).nextLong(), index++));
            }
        }
        return out;
    }

    /** The runs of one shard, by key (k,m,seed), in survey order. */
    public static Map<String, Planned> shardPlan(SurveyConfig cfg, Shard shard) {
        Map<String, Planned> out = new LinkedHashMap<>();
        for (Planned p : plan(cfg)) {
            if (p.index() % shard.count() == shard.index() - 1) {
                out.put(p.k() + "," + p.m() + "," + p.seed(), p);
            }
        }
        return out;
    }

    /**
     * Checks the runs.csv rows of one shard directory against the shard's plan: every row one of
     * its runs, none twice, and (when complete is asked) none missing. Fails naming the shard,
     * the directory and the first offending run.
     */
    public static void checkRuns(Path dir, Shard shard, Map<String, Planned> planned, List<SurveyRun> runs, boolean complete) {
        String where = "shard " + shard.index() + "/" + shard.count();
        Set<String> seen = new HashSet<>();
        for (SurveyRun r : runs) {
            if (!planned.containsKey(r.key())) {
                throw Check.bad("runs.csv", dir.resolve(RUNS), "holds run (k, m, seed) = (" + r.key() + "), which is not a run of "
                        + where + " of this survey; the directory is damaged or mixed with another survey");
            }
            if (!seen.add(r.key())) {
                throw Check.bad("runs.csv", dir.resolve(RUNS), "holds run (k, m, seed) = (" + r.key() + ") twice ("
                        + where + "); two writers shared the directory or it was edited");
            }
        }
        if (complete && seen.size() < planned.size()) {
            String first = planned.keySet().stream().filter(k -> !seen.contains(k)).findFirst().orElseThrow();
            throw Check.bad("DIR", dir, where + " is incomplete: " + (planned.size() - seen.size()) + " of " + planned.size()
                    + " runs missing (first: k, m, seed = " + first + "); finish it with barron survey --resume " + dir);
        }
    }

    static <T> T readJson(Path file, Class<T> type) throws IOException {
        return JsonFiles.read(file, type);
    }

    /** Validates the directory against the configuration and opens the backend, under the directory's lock. */
    public static Prepared prepare(SurveyConfig cfg, Shard shard, Path dir, Consumer<String> notices) throws IOException {
        DirectoryLock lock = DirectoryLock.acquire(dir, "out", notices);
        try {
            return prepareLocked(cfg, shard, dir, lock, notices);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The configuration and shard stored in a survey directory, for --resume. */
    public static Prepared prepareResume(Path dir, Consumer<String> notices) throws IOException {
        if (!Files.isReadable(dir.resolve(CONFIG)) || !Files.isReadable(dir.resolve(SHARD))) {
            throw Check.bad("resume", dir, "needs a survey directory with " + CONFIG + " and " + SHARD);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, "resume", notices);
        try {
            return prepareLocked(readJson(dir.resolve(CONFIG), SurveyConfig.class), readJson(dir.resolve(SHARD), Shard.class),
                    dir, lock, notices);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Prepared prepareLocked(SurveyConfig cfg, Shard shard, Path dir, DirectoryLock lock,
                                          Consumer<String> notices) throws IOException {
        if (Files.exists(dir.resolve(CONFIG))) {
            SurveyConfig old = readJson(dir.resolve(CONFIG), SurveyConfig.class);
            Shard oldShard = readJson(dir.resolve(SHARD), Shard.class);
            if (!old.equals(cfg) || !oldShard.equals(shard)) {
                throw Check.bad("out", dir, "holds a different survey or shard; resume it with --resume " + dir
                        + " or choose another --out");
            }
        }
        Map<String, Planned> planned = shardPlan(cfg, shard);
        List<SurveyRun> existing = readRuns(dir.resolve(RUNS), false);
        checkRuns(dir, shard, planned, existing, false);
        Set<String> done = new HashSet<>();
        existing.forEach(r -> done.add(r.key()));
        List<Planned> todo = new ArrayList<>();
        planned.forEach((key, p) -> {
            if (!done.contains(key)) {
                todo.add(p);
            }
        });
        int maxK = cfg.ks().stream().mapToInt(Integer::intValue).max().orElse(1);
        int maxM = cfg.configurations().stream().mapToInt(c -> c[1]).max().orElse(1);
        BackendOptions opts = new BackendOptions(cfg.precision() == null ? null : Precision.parse(cfg.precision()), cfg.device());
        Backend backend = Backends.open(cfg.backend(), opts, new ProblemSize(maxM, maxK, cfg.dimension(maxK), 0), notices);
        return new Prepared(cfg, shard, dir, backend, todo, done.size(), planned.size(), lock);
    }

    /**
     * Runs what is left, in batches of runs of one (k, m) on the backend's ensemble engine
     * (threads = 1: one run at a time on the calling thread), appending each batch's runs in
     * survey order as the batch finishes, then writes the summary of this directory's runs.
     * Returns false if interrupted (no summary then).
     */
    public static boolean execute(Prepared p, int threads, ProgressBar bar, Interruption interruption) throws IOException {
        Files.createDirectories(p.dir());
        AtomicFiles.write(p.dir().resolve(CONFIG), out -> out.write(JSON.writeValueAsBytes(p.config())));
        AtomicFiles.write(p.dir().resolve(SHARD), out -> out.write(JSON.writeValueAsBytes(p.shard())));
        cutTornLine(p.dir().resolve(RUNS), SurveyRun.HEADER);
        cutTornLine(p.dir().resolve(POINTS), SurveySummary.POINTS_HEADER);
        int finished = 0;
        int spurious = 0;
        bar.update(p.done(), p.total(), "");
        try (Writer runs = CsvAppender.open(p.dir().resolve(RUNS), SurveyRun.HEADER);
             Writer points = CsvAppender.open(p.dir().resolve(POINTS), SurveySummary.POINTS_HEADER)) {
            for (List<Planned> batch : batches(p.todo(), batchSize(threads))) {
                if (interruption.stopNow(finished)) {
                    break;
                }
                List<Outcome> outcomes = runBatch(p.backend(), p.config(), batch, threads);
                for (Outcome o : outcomes) {
                    if (interruption.stopNow(finished)) {
                        break;
                    }
                    append(points, o);
                    CsvAppender.append(runs, o.run().csv() + "\n");
                    finished++;
                    spurious += o.run().status().equals("spurious") ? 1 : 0;
                }
                bar.update(p.done() + finished, p.total(), spurious + " spurious");
            }
        } finally {
            bar.finish();
        }
        if (finished < p.todo().size()) {
            return false;
        }
        SurveySummary.write(p.dir(), p.config(), readRuns(p.dir().resolve(RUNS), true), SurveySummary.readPoints(p.dir().resolve(POINTS)));
        return true;
    }

    /**
     * Runs per batch: one for threads = 1 (each run appended as it finishes, as before the
     * engine); else enough that every SIMD lane of every core (8 f64 lanes on AVX-512) has many
     * runs to take (run lengths differ by 100x, and a batch ends with its longest run), few
     * enough that a kill loses little.
     */
    static int batchSize(int threads) {
        return threads == 1 ? 1 : Math.max(64, 256 * Runtime.getRuntime().availableProcessors());
    }

    /** Consecutive runs of equal (k, m), at most size each: an ensemble is of one shape. */
    static List<List<Planned>> batches(List<Planned> todo, int size) {
        List<List<Planned>> out = new ArrayList<>();
        List<Planned> current = new ArrayList<>();
        for (Planned planned : todo) {
            if (!current.isEmpty() && (current.size() == size || current.get(0).k() != planned.k()
                    || current.get(0).m() != planned.m())) {
                out.add(current);
                current = new ArrayList<>();
            }
            current.add(planned);
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private static List<Outcome> runBatch(Backend backend, SurveyConfig cfg, List<Planned> batch, int threads) {
        List<EnsembleRun> runs = new ArrayList<>(batch.size());
        for (Planned planned : batch) {
            runs.add(ensembleRun(cfg, planned));
        }
        List<EnsembleResult> results = threads == 1 ? Ensembles.sequential(backend, runs) : backend.trainEnsemble(runs);
        List<Outcome> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(outcome(cfg, batch.get(i), results.get(i)));
        }
        return out;
    }

    /** A finished run and, for a spurious one, the point it stopped at. */
    record Outcome(SurveyRun run, Network point) {
    }

    static Teacher teacher(SurveyConfig cfg, int k, long seed) {
        int d = cfg.dimension(k);
        return cfg.teacher().equals("identity") ? new Teacher(Setups.identityRows(k, d), Setups.ones(k))
                : Setups.teacher("orthogonal", k, d, seed, null, null);
    }

    /** Run p of the survey: a = 1 frozen, plain scaling, relu, the survey's step and stop rules. */
    static EnsembleRun ensembleRun(SurveyConfig cfg, Planned p) {
        int d = cfg.dimension(p.k());
        Network start = Setups.student(cfg.init(), cfg.initScale(), p.m(), d, p.seed(), null, null, "ones",
                Scaling.PLAIN, Activation.RELU);
        return new EnsembleRun(start, teacher(cfg, p.k(), p.seed()), LearningRate.constant(cfg.lr()), false,
                new StopRules(cfg.steps(), 0, cfg.gradTol()), DivergenceGuard.standard());
    }

    static Outcome outcome(SurveyConfig cfg, Planned p, EnsembleResult r) {
        String status = switch (r.reason()) {
            case GRADIENT -> r.last().loss() >= cfg.threshold() ? "spurious" : "converged";
            case DIVERGED -> "diverged";
            default -> "budget";
        };
        SurveyRun run = new SurveyRun(p.k(), p.m(), p.seed(), r.steps(), MetricsRow.reportedLoss(r.last().loss()),
                r.last().maxNeuronGradNorm(), status, r.restarts());
        return new Outcome(run, r.reason() == StopReason.GRADIENT && status.equals("spurious") ? r.network() : null);
    }

    private static void append(Writer points, Outcome o) {
        if (o.point() == null) {
            return;
        }
        CsvAppender.append(points, SurveySummary.pointLines(o.run(), o.point()));
    }



    /** A kill during an append can leave a last line without its newline: cut it (that run is redone). */
    static void cutTornLine(Path file, String header) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            }
        }
    }

    /** The runs of a runs.csv (empty if absent). A torn last line is ignored unless strict. */
    public static List<SurveyRun> readRuns(Path file, boolean strict) throws IOException {
        List<SurveyRun> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text = Files.readString(file);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean last = i == lines.length - 1;
            if (line.isEmpty() || line.equals(SurveyRun.HEADER)) {
                continue;
            }
            if (last && !strict) {
                continue; // no newline after it: torn by a kill
            }
            out.add(SurveyRun.parse(line, file + ":" + (i + 1)));
        }
        return out;
    }
}
