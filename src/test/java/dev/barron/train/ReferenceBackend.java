package dev.barron.train;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.ProxResult;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.math.GaussianKernel;
import dev.barron.math.StableAngle;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;

/**
 * A deliberately naive test backend written straight from docs/MATH.md section 3 with the scalar
 * closed forms of {@link GaussianKernel}: pair by pair, no Gram matrices, single thread. It lets the trainer
 * be tested independently of the production backends, and serves as a second opinion on them.
 * It also counts calls and can inject a NaN, for the divergence tests.
 */
public final class ReferenceBackend implements Backend {

    /** If >= 0, the population loss of the evaluation with this index (0-based, per session) is NaN. */
    public long nanAtEvaluation = -1;
    public long evaluations;

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String device() {
        return "test reference";
    }

    @Override
    public Precision precision() {
        return Precision.F64;
    }

    @Override
    public double[] forward(Matrix x, Network net) {
        double[] out = new double[x.rows()];
        double s = net.scale();
        for (int r = 0; r < x.rows(); r++) {
            double f = 0;
            for (int i = 0; i < net.width(); i++) {
                f += net.a()[i] * net.activation().value(dot(x.data(), r * x.cols(), net.w().data(), i * x.cols(), x.cols()));
            }
            out[r] = s * f;
        }
        return out;
    }

    @Override
    public Matrix hidden(Matrix x, Network net) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LossGradient populationLossAndGradient(Network net, Teacher teacher) {
        int m = net.width();
        int k = teacher.size();
        int d = net.inputDim();
        double s = net.scale();
        double[] a = net.a();
        double[] b = teacher.b();
        double loss = 0;
        double[] gW = new double[m * d];
        double[] gA = new double[m];
        for (int i = 0; i < m; i++) {
            double[] wi = net.w().row(i);
            for (int i2 = 0; i2 < m; i2++) {
                double[] w2 = net.w().row(i2);
                double kap = i == i2 ? GaussianKernel.self(net.activation(), StableAngle.norm(wi, 0, d))
                        : GaussianKernel.kappa(net.activation(), wi, w2);
                double[] g = i == i2 ? selfGradient(net, wi) : GaussianKernel.gradient(net.activation(), wi, w2);
                loss += 0.5 * s * s * a[i] * a[i2] * kap;
                gA[i] += s * s * a[i2] * kap;
                for (int t = 0; t < d; t++) {
                    gW[i * d + t] += s * a[i] * s * a[i2] * g[t];
                }
            }
            for (int j = 0; j < k; j++) {
                double[] vj = teacher.v().row(j);
                double kap = GaussianKernel.kappa(net.activation(), wi, vj);
                double[] g = GaussianKernel.gradient(net.activation(), wi, vj);
                loss -= s * a[i] * b[j] * kap;
                gA[i] -= s * b[j] * kap;
                for (int t = 0; t < d; t++) {
                    gW[i * d + t] -= s * a[i] * b[j] * g[t];
                }
            }
        }
        for (int j = 0; j < k; j++) {
            for (int j2 = 0; j2 < k; j2++) {
                double[] vj = teacher.v().row(j);
                double kap = j == j2 ? GaussianKernel.self(net.activation(), StableAngle.norm(vj, 0, d))
                        : GaussianKernel.kappa(net.activation(), vj, teacher.v().row(j2));
                loss += 0.5 * b[j] * b[j2] * kap;
            }
        }
        return new LossGradient(loss, new Matrix(m, d, gW), gA);
    }

    /** The partial derivative of kappa(w, w') in its first argument at w' = w: (alpha + beta) w. */
    private static double[] selfGradient(Network net, double[] w) {
        double[] out = new double[3];
        double n = StableAngle.norm(w, 0, w.length);
        GaussianKernel.evaluate(net.activation(), n, n, 0, 1, 0, out, 0);
        double[] g = new double[w.length];
        for (int t = 0; t < w.length; t++) {
            g[t] = (out[GaussianKernel.ALPHA] + out[GaussianKernel.BETA]) * w[t];
        }
        return g;
    }

    @Override
    public LossGradient empiricalLossAndGradient(Matrix x, double[] y, Network net) {
        int n = x.rows();
        int d = x.cols();
        int m = net.width();
        double s = net.scale();
        double loss = 0;
        double[] gW = new double[m * d];
        double[] gA = new double[m];
        for (int r = 0; r < n; r++) {
            double[] z = new double[m];
            double f = 0;
            for (int i = 0; i < m; i++) {
                z[i] = dot(x.data(), r * d, net.w().data(), i * d, d);
                f += s * net.a()[i] * net.activation().value(z[i]);
            }
            double e = f - y[r];
            loss += 0.5 * e * e / n;
            for (int i = 0; i < m; i++) {
                gA[i] += s * e * net.activation().value(z[i]) / n;
                double c = s * e * net.a()[i] * net.activation().derivative(z[i]) / n;
                for (int t = 0; t < d; t++) {
                    gW[i * d + t] += c * x.data()[r * d + t];
                }
            }
        }
        return new LossGradient(loss, new Matrix(m, d, gW), gA);
    }

    @Override
    public ProxResult pathNormProx(Network net, double lambda) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ProjectionResult pathNormProject(Network net, double radius, ProjectionMethod method) {
        if (method != ProjectionMethod.RESCALE) {
            throw new UnsupportedOperationException("reference backend: rescale only");
        }
        double p = pathNorm(net);
        if (p <= radius) {
            return new ProjectionResult(net, p, 0, 0);
        }
        double c = Math.sqrt(radius / p);
        double[] w = net.w().data().clone();
        double[] a = net.a().clone();
        for (int t = 0; t < w.length; t++) {
            w[t] *= c;
        }
        for (int i = 0; i < a.length; i++) {
            a[i] *= c;
        }
        Network out = net.withWeights(new Matrix(net.width(), net.inputDim(), w), a);
        return new ProjectionResult(out, pathNorm(out), Double.NaN, 0);
    }

    static double pathNorm(Network net) {
        double p = 0;
        int d = net.inputDim();
        for (int i = 0; i < net.width(); i++) {
            double l1 = 0;
            for (int t = 0; t < d; t++) {
                l1 += Math.abs(net.w().data()[i * d + t]);
            }
            p += Math.abs(net.a()[i]) * l1;
        }
        return net.scale() * p;
    }

    @Override
    public Angles angles(Network net, Teacher teacher) {
        int m = net.width();
        int k = teacher == null ? 0 : teacher.size();
        double[] st = new double[m * k];
        double[] ss = new double[m * m];
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) {
            norms[i] = StableAngle.norm(net.w().data(), i * net.inputDim(), net.inputDim());
            for (int j = 0; j < k; j++) {
                st[i * k + j] = StableAngle.between(net.w().row(i), teacher.v().row(j));
            }
            for (int i2 = 0; i2 < m; i2++) {
                ss[i * m + i2] = StableAngle.between(net.w().row(i), net.w().row(i2));
            }
        }
        return new Angles(new Matrix(m, k, st), new Matrix(m, m, ss), norms);
    }

    @Override
    public TrainingSession openSession(SessionSpec spec) {
        return new Session(spec);
    }

    @Override
    public void close() {
    }

    private static double dot(double[] x, int xo, double[] y, int yo, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) {
            s += x[xo + t] * y[yo + t];
        }
        return s;
    }

    private final class Session implements TrainingSession {
        private final SessionSpec spec;
        private Network net;
        private LossGradient last;
        private long count;

        Session(SessionSpec spec) {
            this.spec = spec;
            this.net = spec.initial();
        }

        @Override
        public SessionSpec spec() {
            return spec;
        }

        @Override
        public StepStats evaluatePopulation() {
            evaluations++;
            last = populationLossAndGradient(net, spec.teacher());
            if (count++ == nanAtEvaluation) {
                last = new LossGradient(Double.NaN, last.gradW(), last.gradA());
            }
            return stats();
        }

        @Override
        public StepStats evaluateEmpirical(Matrix x, double[] y) {
            last = empiricalLossAndGradient(x, y, net);
            return stats();
        }

        private StepStats stats() {
            return new StepStats(last.loss(), last.maxNeuronGradNorm(), last.gradNorm(spec.trainOuter()));
        }

        @Override
        public void step(double lr) {
            double[] w = net.w().data().clone();
            double[] a = net.a().clone();
            for (int t = 0; t < w.length; t++) {
                w[t] -= lr * last.gradW().data()[t];
            }
            if (spec.trainOuter()) {
                for (int i = 0; i < a.length; i++) {
                    a[i] -= lr * last.gradA()[i];
                }
            }
            net = net.withWeights(new Matrix(net.width(), net.inputDim(), w), a);
        }

        @Override
        public ProjectionResult project(double radius, ProjectionMethod method) {
            ProjectionResult r = pathNormProject(net, radius, method);
            net = r.network();
            return r;
        }

        @Override
        public double pathNormL1() {
            return pathNorm(net);
        }

        @Override
        public Network read() {
            return net;
        }

        @Override
        public void write(Network network) {
            net = network;
        }

        @Override
        public Angles angles() {
            return ReferenceBackend.this.angles(net, spec.teacher());
        }

        @Override
        public void close() {
        }
    }
}
