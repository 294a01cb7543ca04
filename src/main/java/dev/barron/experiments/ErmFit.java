package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.experiments.ErmResult.CurvePoint;
import dev.barron.experiments.ErmResult.ErmStop;
import dev.barron.math.PathNorms;
import dev.barron.math.StableAngle;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Teacher;
import dev.barron.train.EpochOrder;
import dev.barron.train.LogSchedule;
import dev.barron.train.Rng;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Constrained ERM in the path-norm ball (docs/MATH.md section 11.1), as a function: the same
 * config on the same backend gives the same result. Everything it computes goes through the
 * {@link Backend} interface and one {@link TrainingSession}, so it runs on every backend.
 *
 * <p>Full batch: projected gradient steps with heavy-ball momentum on Nesterov's schedule
 * (docs/MATH.md section 11.1). A step that does not lower the train risk is undone and the
 * momentum restarts; a failed step without momentum halves the step size, a failed one with it
 * shrinks it by 0.9, and an accepted one grows it by 1.02. So the train risk never rises along
 * the accepted iterates and no step size needs tuning per scaling, width or radius; the
 * momentum is what reaches the ERM of a large sample, where plain GD crawls. Minibatch:
 * projected SGD with a constant step over epochs shuffled by {@link EpochOrder}.
 */
public final class ErmFit {

    private static final long SAMPLE_KEY = 0x73616D706CL;
    private static final long NOISE_KEY = 0x6E6F697365L;
    private static final long INIT_KEY = 0x696E6974L;
    private static final long EVAL_KEY = 0x6576616CL;
    /** Steps over which the relative decrease of the train risk is averaged by the stop rule. */
    static final int WINDOW = 25;
    /** Step size after an accepted step, after a failed one with momentum, after one without. */
    private static final double GROW = 1.02;
    private static final double SHRINK = 0.9;
    private static final double HALVE = 0.5;
    /**
     * A step this much below the largest accepted one that still does not lower the train risk:
     * the projected-gradient map moves the point by less than rounding changes the risk.
     */
    static final double SMALLEST_STEP = 1e-4;

    private ErmFit() {
    }

    /** Fits c on backend. */
    public static ErmResult run(Backend backend, ErmConfig c) {
        return run(backend, c, null);
    }

    /** Fits c on backend; iterates (may be null) sees the starting point and every accepted iterate. */
    public static ErmResult run(Backend backend, ErmConfig c, Consumer<Network> iterates) {
        long t0 = System.nanoTime();
        Teacher target = c.target().teacher(c.d(), c.seed());
        ErmData data = c.data() != null ? c.data() : sample(backend, c, target);
        Loop loop = new Loop(backend, c, target, data, iterates == null ? net -> { } : iterates);
        ErmStop stop = loop.run(initial(c));
        Network fHat = loop.current;
        double excess;
        double stdErr = 0;
        boolean exact = c.inputs() == InputDistribution.GAUSSIAN;
        if (exact) {
            excess = ExcessRisk.gaussian(backend, fHat, target);
        } else {
            ExcessRisk.Estimate e = ExcessRisk.monteCarlo(backend, fHat, target, c.inputs(), c.evalPoints(),
                    Rng.stream(c.seed(), EVAL_KEY));
            excess = e.value();
            stdErr = e.stdErr();
        }
        return new ErmResult(loop.trainRisk, excess, stdErr, exact, PathNorms.l1(fHat), c.target().pathNorm(),
                loop.active, loop.step, stop, loop.lr, (System.nanoTime() - t0) * 1e-9, fHat, target, loop.curve);
    }

    /**
     * The sample: the first n rows of one input stream and of one noise stream of the seed, so
     * that the samples of a rate sweep nest (n' &lt; n sees a prefix of n's sample).
     */
    public static ErmData sample(Backend backend, ErmConfig c, Teacher target) {
        double[] x = new double[c.n() * c.d()];
        c.inputs().fill(Rng.stream(c.seed(), SAMPLE_KEY), x);
        Matrix xs = new Matrix(c.n(), c.d(), x);
        double[] y = backend.forward(xs, ErmTarget.asNetwork(target));
        double[] xi = new double[c.n()];
        Rng.stream(c.seed(), NOISE_KEY).gaussians(xi);
        for (int r = 0; r < y.length; r++) {
            y[r] += c.noise() * xi[r];
        }
        return new ErmData(xs, y);
    }

    /** W0 = initScale G / sqrt(d), a0_i = +-|w0_i| with random signs (so that f can take both signs). */
    public static Network initial(ErmConfig c) {
        int m = c.m();
        int d = c.d();
        Rng rng = Rng.stream(c.seed(), INIT_KEY);
        double[] w = new double[m * d];
        rng.gaussians(w);
        double scale = c.initScale() / Math.sqrt(d);
        for (int t = 0; t < w.length; t++) {
            w[t] *= scale;
        }
        double[] a = new double[m];
        for (int i = 0; i < m; i++) {
            a[i] = (rng.nextDouble() < 0.5 ? -1 : 1) * StableAngle.norm(w, i * d, d);
        }
        return new Network(new Matrix(m, d, w), a, c.scaling(), dev.barron.model.Activation.RELU);
    }

    /** The state of one fit; lives for one call. */
    private static final class Loop {
        private final Backend backend;
        private final ErmConfig c;
        private final Teacher target;
        private final ErmData data;
        private final Consumer<Network> iterates;
        private final List<CurvePoint> curve = new ArrayList<>();
        private final double[] recent = new double[WINDOW + 1];
        private Network current;
        private double trainRisk;
        private double lr;
        private long step;
        private long nextLog;
        private boolean active;

        Loop(Backend backend, ErmConfig c, Teacher target, ErmData data, Consumer<Network> iterates) {
            this.backend = backend;
            this.c = c;
            this.target = target;
            this.data = data;
            this.iterates = iterates;
            this.lr = c.learningRate();
        }

        ErmStop run(Network start) {
            try (TrainingSession s = backend.openSession(new SessionSpec(start, null, true))) {
                if (c.constrained()) {
                    s.project(c.radius(), c.method());
                }
                accept(s);
                return c.fullBatch() ? fullBatch(s) : minibatch(s);
            }
        }

        private void accept(TrainingSession s) {
            current = s.read();
            iterates.accept(current);
        }

        private ErmStop fullBatch(TrainingSession s) {
            StepStats at = s.evaluateEmpirical(data.x(), data.y());
            recent[0] = at.loss();
            Network previous = current;
            double momentum = 1;
            double largest = lr;
            while (true) {
                trainRisk = 2 * at.loss();
                logIfDue(false);
                ErmStop stop = step >= c.maxSteps() ? ErmStop.BUDGET : converged() ? ErmStop.CONVERGED : null;
                if (stop != null) {
                    logIfDue(true);
                    return stop;
                }
                double nextMomentum = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
                double beta = (momentum - 1) / nextMomentum;
                s.step(lr);
                if (beta > 0) {
                    s.write(Momentum.extrapolate(s.read(), current, previous, beta));
                }
                ProjectionResult moved = c.constrained() ? s.project(c.radius(), c.method()) : null;
                StepStats next = s.evaluateEmpirical(data.x(), data.y());
                if (!(next.loss() <= at.loss())) {
                    // also a NaN: undo the step; restart the momentum, and shrink the step
                    s.write(current);
                    lr *= beta > 0 ? SHRINK : HALVE;
                    momentum = 1;
                    previous = current;
                    if (lr < SMALLEST_STEP * largest) {
                        logIfDue(true);
                        return ErmStop.STALLED;
                    }
                    at = s.evaluateEmpirical(data.x(), data.y());
                    continue;
                }
                active = moved != null && moved.distance() > 0;
                previous = current;
                accept(s);
                at = next;
                step++;
                recent[(int) (step % recent.length)] = at.loss();
                momentum = nextMomentum;
                largest = Math.max(largest, lr);
                lr *= GROW;
            }
        }

        /** The train risk fell by less than relTol per step, relative to its value, over the last WINDOW steps. */
        private boolean converged() {
            if (c.relTol() == 0 || step < WINDOW) {
                return false;
            }
            double now = recent[(int) (step % recent.length)];
            double then = recent[(int) ((step - WINDOW) % recent.length)];
            return then - now <= c.relTol() * WINDOW * now;
        }

        private ErmStop minibatch(TrainingSession s) {
            int n = data.x().rows();
            int d = data.x().cols();
            long perEpoch = (n + c.batch() - 1) / c.batch();
            int[] order = null;
            while (true) {
                trainRisk = fullTrainRisk();
                logIfDue(false);
                if (step >= c.maxSteps()) {
                    logIfDue(true);
                    return ErmStop.BUDGET;
                }
                if (step % perEpoch == 0 || order == null) {
                    order = EpochOrder.of(c.seed(), step / perEpoch, n);
                }
                int from = (int) ((step % perEpoch) * c.batch());
                int to = Math.min(n, from + c.batch());
                double[] x = new double[(to - from) * d];
                double[] y = new double[to - from];
                for (int r = from; r < to; r++) {
                    System.arraycopy(data.x().data(), order[r] * d, x, (r - from) * d, d);
                    y[r - from] = data.y()[order[r]];
                }
                StepStats batch = s.evaluateEmpirical(new Matrix(to - from, d, x), y);
                if (!Double.isFinite(batch.loss()) || !Double.isFinite(batch.gradNorm())) {
                    logIfDue(true);
                    return ErmStop.DIVERGED;
                }
                s.step(lr);
                ProjectionResult moved = c.constrained() ? s.project(c.radius(), c.method()) : null;
                active = moved != null && moved.distance() > 0;
                accept(s);
                step++;
            }
        }

        /** (1/n) sum (f(x_r) - y_r)^2 by the batched forward; used where the steps see only minibatches. */
        private double fullTrainRisk() {
            if (!(step == nextLog || step >= c.maxSteps())) {
                return trainRisk;
            }
            double[] f = backend.forward(data.x(), current);
            double sum = 0;
            for (int r = 0; r < f.length; r++) {
                double e = f[r] - data.y()[r];
                sum += e * e;
            }
            return sum / f.length;
        }

        private void logIfDue(boolean last) {
            boolean logged = !curve.isEmpty() && curve.get(curve.size() - 1).step() == step;
            if (logged || !(last || step == nextLog)) {
                return;
            }
            double excess = c.inputs() == InputDistribution.GAUSSIAN ? ExcessRisk.gaussian(backend, current, target)
                    : Double.NaN;
            curve.add(new CurvePoint(step, trainRisk, excess, PathNorms.l1(current)));
            nextLog = LogSchedule.atOrAfter(step + 1, c.logPerDecade());
        }
    }
}
