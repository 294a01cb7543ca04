package dev.barron.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.ProblemSize;
import dev.barron.io.CsvAppender;
import dev.barron.io.DirectoryLock;
import dev.barron.io.AtomicFiles;
import dev.barron.io.PendingFiles;
import dev.barron.measures.ComplexityMeasures;
import dev.barron.measures.Measure;
import dev.barron.measures.MeasureInputs;
import dev.barron.measures.MeasureValues;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.DivergenceGuard;
import dev.barron.train.LearningRate;
import dev.barron.train.LogSchedule;
import dev.barron.train.Objective;
import dev.barron.train.Projection;
import dev.barron.train.Rng;
import dev.barron.train.StopReason;
import dev.barron.train.StopRules;
import dev.barron.train.TrainResult;
import dev.barron.train.Trainer;
import dev.barron.train.TrainerConfig;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a generalisation study into a directory (docs/MATH.md section 10.4): study.json (the
 * configuration), networks.csv (one line a trained network, appended and flushed as networks
 * finish, so that a killed study resumes where it stopped; a torn last line is cut), and at the
 * end the table, plots and summary of {@link GeneralizationReport}.
 *
 * <p>Training uses the project's {@link Trainer} with the {@link Objective.Minibatch} objective on
 * the network's fixed sample (projected SGD when a radius is set), so every backend trains the
 * same way. Seed index r fixes the sample (a prefix of one Gaussian stream, labelled by the
 * teacher plus noise), the initial Gaussian directions and the minibatch order: two networks
 * that differ in one axis differ in nothing else, which the granulated tau needs.
 */
public final class GeneralizationStudy {

    public static final String CONFIG = "study.json";
    public static final String NETWORKS = "networks.csv";
    static final ObjectMapper JSON = PendingFiles.JSON;
    private static final long TEACHER_SEED_KEY = 0x7465616368L;
    private static final long DATA_KEY = 0x64617461L;
    private static final long NOISE_KEY = 0x6E6F697365L;
    private static final long INIT_W_KEY = 0x696E697457L;
    private static final long INIT_A_KEY = 0x696E697441L;
    private static final long RUN_KEY = 0x72756EL;

    /** A study ready to execute: validated, backend open, networks already done known. */
    public record Prepared(GeneralizationConfig config, Path dir, Backend backend, List<GridNetwork> todo, int done,
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

    private GeneralizationStudy() {
    }

    public static List<GridNetwork> plan(GeneralizationConfig c) {
        List<GridNetwork> out = new ArrayList<>();
        for (int r = 0; r < c.seeds(); r++) {
            for (int m : c.widths()) {
                for (double lr : c.lrs()) {
                    for (int b : c.batches()) {
                        for (int n : c.samples()) {
                            for (double scale : c.initScales()) {
                                for (double radius : c.radii()) {
                                    for (long steps : c.steps()) {
                                        out.add(new GridNetwork(out.size(), r, m, lr, b, n, scale, radius, steps));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Takes the directory's lock (one writer at a time), validates the directory against the
     * configuration and opens the backend; writes nothing else.
     */
    public static Prepared prepare(GeneralizationConfig cfg, Path dir, Consumer<String> notices) throws IOException {
        DirectoryLock lock = DirectoryLock.acquire(dir, "out", notices);
        try {
            return prepareLocked(cfg, dir, lock, notices);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Prepared prepareLocked(GeneralizationConfig cfg, Path dir, DirectoryLock lock,
                                          Consumer<String> notices) throws IOException {
        if (Files.exists(dir.resolve(CONFIG))) {
            GeneralizationConfig old = JSON.readValue(dir.resolve(CONFIG).toFile(), GeneralizationConfig.class);
            if (!old.equals(cfg)) {
                throw Check.bad("out", dir, "holds a different study; resume it with --resume " + dir + " or choose another --out");
            }
        }
        Set<Integer> done = new HashSet<>();
        for (NetworkOutcome o : readNetworks(dir.resolve(NETWORKS), false)) {
            done.add(o.network().index());
        }
        List<GridNetwork> all = plan(cfg);
        List<GridNetwork> todo = all.stream().filter(g -> !done.contains(g.index())).toList();
        int maxM = cfg.widths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int maxB = cfg.batches().stream().mapToInt(Integer::intValue).max().orElseThrow();
        BackendOptions opts = new BackendOptions(cfg.precision(), cfg.device());
        Backend backend = Backends.open(cfg.backend(), opts, new ProblemSize(maxM, cfg.k(), cfg.d(), maxB), notices);
        return new Prepared(cfg, dir, backend, todo, all.size() - todo.size(), all.size(), lock);
    }

    /** The configuration stored in a study directory, for --resume. */
    public static Prepared prepareResume(Path dir, Consumer<String> notices) throws IOException {
        if (!Files.isReadable(dir.resolve(CONFIG))) {
            throw Check.bad("resume", dir, "needs a study directory with " + CONFIG);
        }
        return prepare(JSON.readValue(dir.resolve(CONFIG).toFile(), GeneralizationConfig.class), dir, notices);
    }

    /**
     * Trains what is left on `threads` workers, appending as networks finish, then writes the
     * report of every network in the directory. Returns false if interrupted (no report then).
     */
    public static boolean execute(Prepared p, int threads, ProgressBar bar, Survey.Interruption interruption)
            throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(p.dir());
        AtomicFiles.write(p.dir().resolve(CONFIG), out -> out.write(JSON.writeValueAsBytes(p.config())));
        Sweep.cutTornLine(p.dir().resolve(NETWORKS));
        Teacher teacher = teacher(p.config());
        AtomicInteger finished = new AtomicInteger();
        bar.update(p.done(), p.total(), "");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try (Writer csv = CsvAppender.open(p.dir().resolve(NETWORKS), NetworkOutcome.HEADER)) {
            List<Future<?>> futures = new ArrayList<>();
            for (GridNetwork g : p.todo()) {
                futures.add(pool.submit(() -> {
                    if (interruption.stopNow(finished.get())) {
                        return;
                    }
                    NetworkOutcome o = runOne(p.backend(), p.config(), teacher, g);
                    synchronized (GeneralizationStudy.class) {
                        if (interruption.stopNow(finished.get())) {
                            return;
                        }
                        CsvAppender.append(csv, o.csv() + "\n");
                        bar.update(p.done() + finished.incrementAndGet(), p.total(), "");
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("study interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("a network of the study failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            bar.finish();
        }
        if (finished.get() < p.todo().size()) {
            return false;
        }
        List<NetworkOutcome> all = readNetworks(p.dir().resolve(NETWORKS), true);
        GeneralizationReport.write(p.dir(), p.config(), all, p.backend(), threads, (System.nanoTime() - t0) * 1e-9);
        return true;
    }

    /** The study's teacher: k orthonormal rows in d dimensions, b = 1, from the study seed. */
    static Teacher teacher(GeneralizationConfig c) {
        return Setups.teacher(TeacherKind.ORTHOGONAL, c.k(), c.d(), Rng.stream(c.seed(), TEACHER_SEED_KEY).nextLong(), null, null);
    }

    /** The sample of seed index r: the first n rows of its stream, labelled by the teacher plus noise. */
    static Sample sample(Backend backend, GeneralizationConfig c, Teacher teacher, int seedIndex, int n) {
        double[] x = new double[n * c.d()];
        Rng.stream(c.seed(), DATA_KEY, seedIndex).gaussians(x);
        Matrix xs = new Matrix(n, c.d(), x);
        double[] y = backend.forward(xs, new Network(teacher.v(), teacher.b(), Scaling.PLAIN, Activation.RELU));
        double[] noise = new double[n];
        Rng.stream(c.seed(), NOISE_KEY, seedIndex).gaussians(noise);
        for (int i = 0; i < n; i++) {
            y[i] += c.noise() * noise[i];
        }
        return new Sample(xs, y);
    }

    /** A fixed training sample. */
    record Sample(Matrix x, double[] y) {
    }

    /** W0 = c G / sqrt(d), a0 = c g / sqrt(m), with G and g fixed by (seed index, m). */
    static Network initial(GeneralizationConfig c, GridNetwork g) {
        int m = g.width();
        double[] w = new double[m * c.d()];
        Rng.stream(c.seed(), INIT_W_KEY, g.seedIndex(), m).gaussians(w);
        double[] a = new double[m];
        Rng.stream(c.seed(), INIT_A_KEY, g.seedIndex(), m).gaussians(a);
        scale(w, g.initScale() / Math.sqrt(c.d()));
        scale(a, g.initScale() / Math.sqrt(m));
        return new Network(new Matrix(m, c.d(), w), a, Scaling.PLAIN, Activation.RELU);
    }

    static NetworkOutcome runOne(Backend backend, GeneralizationConfig c, Teacher teacher, GridNetwork g) {
        long t0 = System.nanoTime();
        Sample s = sample(backend, c, teacher, g.seedIndex(), g.n());
        Network start = initial(c, g);
        TrainerConfig tc = new TrainerConfig(new Objective.Minibatch(s.x(), s.y(), g.batch()), LearningRate.constant(g.lr()),
                true, StopRules.budget(g.steps()), DivergenceGuard.standard(),
                g.radius() > 0 ? new Projection(g.radius(), c.projection()) : null, LogSchedule.lastOnly(), 0, 0);
        TrainResult r = new Trainer(backend, tc).run(start, teacher, Rng.stream(c.seed(), RUN_KEY, g.seedIndex()).nextLong(), null);
        double[] measures = new double[Measure.values().length];
        Arrays.fill(measures, Double.NaN);
        if (r.reason() == StopReason.DIVERGED) {
            return new NetworkOutcome(g, NetworkOutcome.Status.DIVERGED, r.restarts(), Double.NaN, Double.NaN, Double.NaN,
                    (System.nanoTime() - t0) * 1e-9, measures);
        }
        Network net = r.network();
        double train = backend.empiricalLossAndGradient(s.x(), s.y(), net).loss();
        double population = populationRisk(backend, net, teacher, c.noise());
        MeasureValues v = ComplexityMeasures.compute(new MeasureInputs(net, start, s.x(), s.y()), backend);
        for (Measure m : Measure.values()) {
            measures[m.ordinal()] = v.get(m);
        }
        return new NetworkOutcome(g, NetworkOutcome.Status.OK, r.restarts(), train, population, population - train,
                (System.nanoTime() - t0) * 1e-9, measures);
    }

    /**
     * 1/2 E[(f(x) - y)^2] with y = f*(x) + noise * xi, xi ~ N(0, 1) independent of x: the closed-form
     * loss against the teacher plus noise^2 / 2 (the cross term has mean zero).
     */
    public static double populationRisk(Backend backend, Network net, Teacher teacher, double noise) {
        return backend.populationLossAndGradient(net, teacher).loss() + noise * noise / 2;
    }

    private static void scale(double[] x, double c) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= c;
        }
    }



    /** The networks of a networks.csv (empty if absent). A torn last line is ignored unless strict. */
    public static List<NetworkOutcome> readNetworks(Path file, boolean strict) throws IOException {
        List<NetworkOutcome> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String[] lines = Files.readString(file).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || line.equals(NetworkOutcome.HEADER) || (i == lines.length - 1 && !strict)) {
                continue;
            }
            out.add(NetworkOutcome.parse(line, file + ":" + (i + 1)));
        }
        return out;
    }
}
