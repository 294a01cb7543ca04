package dev.barron.backend;

import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The closed-form population loss and gradient against Monte-Carlo: the empirical loss and
 * gradient on many Gaussian samples labelled by the teacher approach them, within five
 * standard errors computed from the per-sample values. Also the accuracy of the loss near the
 * optimum, where it is a difference of O(1) terms that cancel to 1e-12 and below.
 */
class PopulationMonteCarloTest {

    private static final int SAMPLES = 200_000;

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void empiricalLossAndGradientApproachThePopulationOnes(Backend backend) {
        SplittableRandom rng = new SplittableRandom(17);
        int d = 4;
        Matrix x = Fixtures.gaussian(rng, SAMPLES, d, 1.0);
        for (Activation act : Activation.values()) {
            for (Scaling scaling : Scaling.values()) {
                Network net = Fixtures.network(rng, 3, d, scaling, act);
                Teacher teacher = Fixtures.teacher(rng, 2, d);
                double[] y = backend.forward(x, Fixtures.asNetwork(teacher, act));
                LossGradient population = backend.populationLossAndGradient(net, teacher);
                LossGradient empirical = backend.empiricalLossAndGradient(x, y, net);
                String label = backend.name() + " " + act + " " + scaling;
                PerSample stats = perSample(backend, x, y, net);
                double slack = backend.precision() == Precision.F64 ? 1e-12 : 1e-5;
                assertEquals(stats.loss.mean(), empirical.loss(), slack * (1 + stats.loss.mean()), label + " empirical loss");
                assertEquals(stats.loss.mean(), population.loss(), 5 * stats.loss.se() + slack, label + " population loss");
                for (int i = 0; i < net.width(); i++) {
                    assertEquals(stats.gradA[i].mean(), population.gradA()[i], 5 * stats.gradA[i].se() + slack,
                            label + " dL/da[" + i + "]");
                    if (act == Activation.STEP) {
                        continue; // step' = 0 a.e.: the sample gradient is 0 while the population one is not
                    }
                    for (int t = 0; t < d; t++) {
                        Moments g = stats.gradW[i * d + t];
                        assertEquals(g.mean(), population.gradW().get(i, t), 5 * g.se() + slack,
                                label + " dL/dW[" + i + "][" + t + "]");
                    }
                }
            }
        }
    }

    /**
     * Near the optimum (W = V + 2e-7 D, a = b + 2e-7 c) the loss is about 1e-12; the sample
     * mean of 1/2 (f - f*)^2, whose residuals are computed directly, estimates it to a
     * relative standard error of a few 1e-3, i.e. an absolute accuracy of about 1e-15.
     * At the optimum itself (also with each teacher neuron split into two students) it is 0.
     */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void lossIsAccurateNearTheOptimum(Backend backend) {
        if (backend.precision() != Precision.F64) {
            return; // a float32 loss cannot resolve 1e-12
        }
        SplittableRandom rng = new SplittableRandom(23);
        int d = 5;
        int k = 3;
        Teacher teacher = Fixtures.teacher(rng, k, d);
        Network exact = new Network(teacher.v(), teacher.b(), Scaling.PLAIN, Activation.RELU);
        assertTrue(Math.abs(backend.populationLossAndGradient(exact, teacher).loss()) <= 2e-15,
                "loss at the optimum: " + backend.populationLossAndGradient(exact, teacher).loss());
        double[] split = new double[2 * k * d];
        double[] half = new double[2 * k];
        for (int j = 0; j < k; j++) {
            System.arraycopy(teacher.v().data(), j * d, split, 2 * j * d, d);
            System.arraycopy(teacher.v().data(), j * d, split, (2 * j + 1) * d, d);
            half[2 * j] = 0.3 * teacher.b()[j];
            half[2 * j + 1] = 0.7 * teacher.b()[j];
        }
        Network splitNet = Network.relu(new Matrix(2 * k, d, split), half);
        assertTrue(Math.abs(backend.populationLossAndGradient(splitNet, teacher).loss()) <= 4e-15,
                "loss at the split optimum: " + backend.populationLossAndGradient(splitNet, teacher).loss());

        double eps = 2e-7;
        double[] w = teacher.v().data().clone();
        double[] a = teacher.b().clone();
        for (int t = 0; t < w.length; t++) {
            w[t] += eps * rng.nextGaussian();
        }
        for (int i = 0; i < a.length; i++) {
            a[i] += eps * rng.nextGaussian();
        }
        Network near = Network.relu(new Matrix(k, d, w), a);
        Matrix x = Fixtures.gaussian(rng, 400_000, d, 1.0);
        double[] f = backend.forward(x, near);
        double[] fStar = backend.forward(x, exact);
        Moments loss = new Moments();
        for (int r = 0; r < f.length; r++) {
            loss.add(0.5 * (f[r] - fStar[r]) * (f[r] - fStar[r]));
        }
        double closed = backend.populationLossAndGradient(near, teacher).loss();
        assertTrue(loss.mean() > 1e-13 && loss.mean() < 1e-11, "test setup: loss " + loss.mean());
        assertEquals(loss.mean(), closed, 5 * loss.se() + 1e-15, "loss near the optimum");
    }

    private record PerSample(Moments loss, Moments[] gradA, Moments[] gradW) {
    }

    /** Per-sample loss and gradient: 1/2 e^2, s e sigma(z_i), s e a_i sigma'(z_i) x. */
    private static PerSample perSample(Backend backend, Matrix x, double[] y, Network net) {
        int m = net.width();
        int d = net.inputDim();
        double s = net.scale();
        double[] f = backend.forward(x, net);
        Matrix h = backend.hidden(x, net);
        Moments loss = new Moments();
        Moments[] gradA = new Moments[m];
        Moments[] gradW = new Moments[m * d];
        for (int i = 0; i < m; i++) {
            gradA[i] = new Moments();
        }
        for (int q = 0; q < m * d; q++) {
            gradW[q] = new Moments();
        }
        for (int r = 0; r < x.rows(); r++) {
            double e = f[r] - y[r];
            loss.add(0.5 * e * e);
            for (int i = 0; i < m; i++) {
                gradA[i].add(s * e * h.get(r, i));
                double z = 0;
                for (int t = 0; t < d; t++) {
                    z += net.w().get(i, t) * x.get(r, t);
                }
                double back = s * e * net.a()[i] * net.activation().derivative(z);
                for (int t = 0; t < d; t++) {
                    gradW[i * d + t].add(back * x.get(r, t));
                }
            }
        }
        return new PerSample(loss, gradA, gradW);
    }

    /** Running mean and standard error (Welford). */
    private static final class Moments {
        private long n;
        private double mean;
        private double m2;

        void add(double value) {
            n++;
            double delta = value - mean;
            mean += delta / n;
            m2 += delta * (value - mean);
        }

        double mean() {
            return mean;
        }

        double se() {
            return Math.sqrt(m2 / (n - 1) / n);
        }
    }
}
