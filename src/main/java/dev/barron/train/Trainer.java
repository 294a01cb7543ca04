package dev.barron.train;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient descent on a {@link TrainingSession}: population GD, projected GD or SGD, with stop
 * rules, the divergence guard, log-spaced metrics and checkpoints. It talks to the backend only
 * through {@link Backend} and {@link TrainingSession}, so every backend trains the same way.
 *
 * <p>Determinism: given the backend's arithmetic, a run is a function of (initial network,
 * teacher, config, seed). SGD draws its batch at step t from a stream keyed by (seed, t), so a
 * checkpoint needs only the step counter, the restarts and the parameters to continue exactly.
 */
public final class Trainer {

    private static final long ONLINE_KEY = 0x6F6E6C696E65L;
    private static final double CONTRIBUTION_FLOOR = 0.01;

    private final Backend backend;
    private final TrainerConfig config;

    public Trainer(Backend backend, TrainerConfig config) {
        this.backend = backend;
        this.config = config;
    }

    /** Trains from the initial network. */
    public TrainResult run(Network initial, Teacher teacher, long seed, TrainListener listener) {
        Checkpoint start = new Checkpoint(0, 0, seed, initial, initial, 0, List.of(), List.of());
        return new Run(start, teacher, listener, true).execute();
    }

    /** Continues from a checkpoint; the result equals that of the uninterrupted run. */
    public TrainResult resume(Checkpoint checkpoint, Teacher teacher, TrainListener listener) {
        return new Run(checkpoint, teacher, listener, false).execute();
    }

    /** The state of one run; lives for one call. */
    private final class Run {
        private final Network initial;
        private final Teacher teacher;
        private final Network teacherNet;
        private final long seed;
        private final TrainListener listener;
        private final List<MetricsRow> history;
        private final List<AngleSnapshot> snapshots;
        private final double wallBefore;
        private final long startNanos = System.nanoTime();
        private final Network resumeFrom;
        private final boolean fresh;
        private long step;
        private int restarts;
        private long nextLog;
        private long nextAngles;
        private long lastCheckpointNanos = startNanos;
        private long cachedEpoch = -1;
        private int[] epochOrder;

        Run(Checkpoint c, Teacher teacher, TrainListener listener, boolean fresh) {
            this.initial = c.initial();
            this.teacher = teacher;
            this.seed = c.seed();
            this.listener = listener == null ? TrainListener.NONE : listener;
            this.history = new ArrayList<>(c.history());
            this.snapshots = new ArrayList<>(c.angles());
            this.wallBefore = c.wallSeconds();
            this.step = c.step();
            this.restarts = c.restarts();
            this.resumeFrom = c.current();
            this.fresh = fresh;
            this.teacherNet = teacher == null ? null
                    : new Network(teacher.v(), teacher.b(), Scaling.PLAIN, initial.activation());
            if (teacher == null && (config.objective().isPopulation() || config.objective() instanceof Objective.OnlineSgd)) {
                throw Check.bad("teacher", "none", "the population loss and online SGD need a teacher");
            }
        }

        TrainResult execute() {
            try (TrainingSession session = backend.openSession(new SessionSpec(resumeFrom, teacher, config.trainOuter()))) {
                if (fresh) {
                    projectIfConstrained(session);
                    // A run directory always holds a checkpoint, so a run that fails at once keeps its start.
                    listener.checkpoint(checkpoint(session));
                }
                resetSchedules();
                return loop(session);
            }
        }

        private TrainResult loop(TrainingSession session) {
            boolean population = config.objective().isPopulation();
            long maxSteps = config.stop().maxSteps();
            while (true) {
                boolean logDue = step == nextLog || step >= maxSteps;
                StepStats metric = population || (logDue && teacher != null) ? session.evaluatePopulation() : null;
                StepStats batch = population ? metric : evaluateBatch(session);
                if (metric == null) {
                    metric = batch;
                }
                if (config.guard().violated(batch) || config.guard().violated(metric)) {
                    if (restarts < config.guard().maxRestarts()) {
                        restart(session);
                        continue;
                    }
                    return diverged(config.guard().violated(batch) ? batch : metric);
                }
                StopReason reason = stopReason(metric, population || logDue);
                // A run resumed from its final checkpoint has logged this step already.
                if ((logDue || reason != null) && !loggedAt(step)) {
                    log(session, metric, reason != null);
                }
                if (reason != null) {
                    listener.checkpoint(checkpoint(session));
                    return result(reason, session);
                }
                session.step(config.learningRate().at(step) * lrScale());
                if (config.projection() != null) {
                    session.project(config.projection().radius(), config.projection().method());
                }
                step++;
                afterStep(session, metric);
            }
        }

        private StopReason stopReason(StepStats metric, boolean metricIsExact) {
            StopRules rules = config.stop();
            if (metricIsExact) {
                return rules.reason(metric, step);
            }
            return step >= rules.maxSteps() ? StopReason.BUDGET : null;
        }

        private void afterStep(TrainingSession session, StepStats metric) {
            if ((step & 1023) == 0) {
                listener.progress(step, config.stop().maxSteps(), metric.loss());
            }
            if (config.checkpointSteps() > 0 && step % config.checkpointSteps() == 0) {
                listener.checkpoint(checkpoint(session));
            } else if (config.checkpointSeconds() > 0 && (step & 255) == 0) {
                long now = System.nanoTime();
                if (now - lastCheckpointNanos >= config.checkpointSeconds() * 1e9) {
                    lastCheckpointNanos = now;
                    listener.checkpoint(checkpoint(session));
                }
            }
        }

        private double lrScale() {
            return StrictMath.pow(0.5, restarts);
        }

        private void resetSchedules() {
            nextLog = config.log().nextMetrics(step);
            nextAngles = config.log().nextAngles(step);
        }

        private void projectIfConstrained(TrainingSession session) {
            if (config.projection() != null) {
                session.project(config.projection().radius(), config.projection().method());
            }
        }

        private void restart(TrainingSession session) {
            restarts++;
            session.write(initial);
            projectIfConstrained(session);
            step = 0;
            history.clear();
            snapshots.clear();
            resetSchedules();
            listener.restarted(restarts, step, config.learningRate().initial() * lrScale());
        }

        private boolean loggedAt(long atStep) {
            return !history.isEmpty() && history.get(history.size() - 1).step() == atStep;
        }

        private void log(TrainingSession session, StepStats stats, boolean last) {
            Angles angles = session.angles();
            Network net = session.read();
            history.add(row(stats, angles, net, session.pathNormL1()));
            if (step == nextAngles || last) {
                snapshots.add(new AngleSnapshot(step, angles));
            }
            nextLog = config.log().nextMetrics(step + 1);
            nextAngles = config.log().nextAngles(step + 1);
            listener.progress(step, config.stop().maxSteps(), stats.loss());
        }

        private MetricsRow row(StepStats stats, Angles angles, Network net, double pathNorm) {
            double[] norms = angles.studentNorms();
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (double n : norms) {
                min = Math.min(min, n);
                max = Math.max(max, n);
            }
            return new MetricsRow(step, stats.loss(), stats.gradNorm(), stats.maxNeuronGradNorm(), pathNorm, min, max,
                    alignAngleMax(angles, net), angles.bestCosinePerTeacher());
        }

        /** max over students carrying &gt;= 1% of the largest output of min_j theta_ij. */
        private double alignAngleMax(Angles angles, Network net) {
            Matrix theta = angles.studentTeacher();
            if (theta.cols() == 0) {
                return Double.NaN;
            }
            double[] norms = angles.studentNorms();
            double[] a = net.a();
            double biggest = 0;
            for (int i = 0; i < a.length; i++) {
                biggest = Math.max(biggest, Math.abs(a[i]) * norms[i]);
            }
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                if (Math.abs(a[i]) * norms[i] < CONTRIBUTION_FLOOR * biggest) {
                    continue;
                }
                double best = Math.PI;
                for (int j = 0; j < theta.cols(); j++) {
                    best = Math.min(best, theta.get(i, j));
                }
                worst = Math.max(worst, best);
            }
            return worst;
        }

        private StepStats evaluateBatch(TrainingSession session) {
            if (config.objective() instanceof Objective.OnlineSgd online) {
                int d = initial.inputDim();
                double[] x = new double[online.batchSize() * d];
                Rng.stream(seed, ONLINE_KEY, step).gaussians(x);
                Matrix xs = new Matrix(online.batchSize(), d, x);
                return session.evaluateEmpirical(xs, backend.forward(xs, teacherNet));
            }
            Objective.Minibatch mb = (Objective.Minibatch) config.objective();
            int n = mb.x().rows();
            int d = mb.x().cols();
            long perEpoch = (n + mb.batchSize() - 1) / mb.batchSize();
            long epoch = step / perEpoch;
            int from = (int) ((step % perEpoch) * mb.batchSize());
            int to = Math.min(n, from + mb.batchSize());
            int[] order = epochOrder(epoch, n);
            double[] x = new double[(to - from) * d];
            double[] y = new double[to - from];
            for (int r = from; r < to; r++) {
                System.arraycopy(mb.x().data(), order[r] * d, x, (r - from) * d, d);
                y[r - from] = mb.y()[order[r]];
            }
            return session.evaluateEmpirical(new Matrix(to - from, d, x), y);
        }

        private int[] epochOrder(long epoch, int n) {
            if (epoch != cachedEpoch) {
                epochOrder = EpochOrder.of(seed, epoch, n);
                cachedEpoch = epoch;
            }
            return epochOrder;
        }

        private Checkpoint checkpoint(TrainingSession session) {
            return new Checkpoint(step, restarts, seed, initial, session.read(), wallSeconds(), history, snapshots);
        }

        private double wallSeconds() {
            return wallBefore + (System.nanoTime() - startNanos) * 1e-9;
        }

        private TrainResult result(StopReason reason, TrainingSession session) {
            return new TrainResult(reason, step, history.get(history.size() - 1), session.read(), restarts, lrScale(),
                    List.copyOf(history), List.copyOf(snapshots), wallSeconds());
        }

        /** Unrecoverable: report the failing step and values; the last good checkpoint stays on disk. */
        private TrainResult diverged(StepStats bad) {
            int k = teacher == null ? 0 : teacher.size();
            double[] nan = new double[k];
            java.util.Arrays.fill(nan, Double.NaN);
            MetricsRow row = new MetricsRow(step, bad.loss(), bad.gradNorm(), bad.maxNeuronGradNorm(), Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, nan);
            return new TrainResult(StopReason.DIVERGED, step, row, null, restarts, lrScale(),
                    List.copyOf(history), List.copyOf(snapshots), wallSeconds());
        }
    }
}
