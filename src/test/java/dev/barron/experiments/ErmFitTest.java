package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.cpu.CpuBackend;
import dev.barron.math.PathNorms;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.TestBackends;
import dev.barron.train.Rng;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErmFitTest {

    private static ErmConfig config(InputDistribution inputs, double radius, ProjectionMethod method, Scaling scaling,
                                    int batch, long steps) {
        return new ErmConfig(5, 8, 300, inputs, new ErmTarget.Random(6, 1.0), 0.1, radius, method, scaling, batch,
                batch == 0 ? 1 : 0.5, steps, 0, 0.5, 3, 200_000, 20, null);
    }

    /** relu network evaluated by plain loops: an oracle that shares no code with the backends' forward. */
    private static double eval(double[] x, int off, double[] w, double[] a, int m, int d, double s) {
        double f = 0;
        for (int i = 0; i < m; i++) {
            double z = 0;
            for (int t = 0; t < d; t++) {
                z += w[i * d + t] * x[off + t];
            }
            f += a[i] * Math.max(z, 0);
        }
        return s * f;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.barron.testing.TestBackends#all")
    void exactExcessRiskAgreesWithMonteCarloOnFreshGaussianPoints(Backend backend) {
        ErmResult r = ErmFit.run(backend, config(InputDistribution.GAUSSIAN, 0.8, ProjectionMethod.PROX_BISECTION,
                Scaling.PLAIN, 0, 60));
        assertTrue(r.excessRiskExact());
        ExcessRisk.Estimate mc = ExcessRisk.monteCarlo(backend, r.network(), r.target(), InputDistribution.GAUSSIAN,
                1_000_000, new Rng(99));
        assertTrue(Math.abs(mc.value() - r.excessRisk()) < 5 * mc.stdErr() + 1e-6 * r.excessRisk(),
                () -> "exact " + r.excessRisk() + " vs Monte Carlo " + mc);
        // and the curve's last point is the same closed form
        assertEquals(r.excessRisk(), r.curve().get(r.curve().size() - 1).excessRisk(), 1e-12);
    }

    /**
     * The same fit on every device backend as on the CPU (a second implementation of every
     * kernel the fit uses: forward, empirical gradient, projection, population loss): full batch
     * and minibatch, plain and mean-field, to rounding. One dynamic test per device; none where
     * only the CPU is present (under CI=true the OpenCL one must be).
     */
    @TestFactory
    Stream<DynamicTest> deviceBackendsFitWhatTheCpuFits() {
        return TestBackends.accelerators().map(arguments -> {
            @SuppressWarnings("unchecked")
            Named<Backend> named = (Named<Backend>) arguments.get()[0];
            return DynamicTest.dynamicTest(named.getName(), () -> {
                try (Backend device = named.getPayload(); Backend cpu = new CpuBackend(Precision.F64)) {
                    fitsWhatTheCpuFits(device, cpu);
                }
            });
        });
    }

    private static void fitsWhatTheCpuFits(Backend device, Backend cpu) {
        for (Scaling scaling : Scaling.values()) {
            for (int batch : new int[]{0, 64}) {
                ErmConfig config = config(InputDistribution.GAUSSIAN, 0.8, ProjectionMethod.PROX_BISECTION, scaling, batch, 40);
                ErmResult want = ErmFit.run(cpu, config);
                ErmResult got = ErmFit.run(device, config);
                String what = device.name() + " " + scaling + " batch " + batch;
                assertEquals(want.steps(), got.steps(), what + " steps");
                assertEquals(want.trainRisk(), got.trainRisk(), 1e-9 * want.trainRisk(), what + " train risk");
                assertEquals(want.excessRisk(), got.excessRisk(), 1e-9 * want.excessRisk(), what + " excess risk");
                assertEquals(want.pathNorm(), got.pathNorm(), 1e-9 * want.pathNorm(), what + " path norm");
            }
        }
    }

    @Test
    void monteCarloExcessRiskUnderUniformInputsAgreesWithLoopsOnOtherPoints() {
        try (Backend cpu = new CpuBackend(Precision.F64)) {
            ErmResult r = ErmFit.run(cpu, config(InputDistribution.UNIFORM, 0.8, ProjectionMethod.PROX_BISECTION,
                    Scaling.PLAIN, 0, 60));
            assertFalse(r.excessRiskExact());
            Network f = r.network();
            Teacher t = r.target();
            int d = 5;
            int points = 200_000;
            double[] x = new double[d];
            Rng rng = new Rng(12345);
            double sum = 0;
            double sumSq = 0;
            for (int p = 0; p < points; p++) {
                for (int j = 0; j < d; j++) {
                    x[j] = 2 * rng.nextDouble() - 1;
                }
                double e = eval(x, 0, f.w().data(), f.a(), 8, d, f.scale()) - eval(x, 0, t.v().data(), t.b(), 6, d, 1);
                sum += e * e;
                sumSq += e * e * e * e;
            }
            double mean = sum / points;
            double se = Math.sqrt((sumSq / points - mean * mean) / points);
            double both = Math.hypot(se, r.excessRiskStdErr());
            assertTrue(r.excessRiskStdErr() > 0);
            assertTrue(Math.abs(mean - r.excessRisk()) < 5 * both, () -> "loops " + mean + " +- " + se + " vs " + r.excessRisk()
                    + " +- " + r.excessRiskStdErr());
        }
    }

    static List<Object[]> projections() {
        List<Object[]> c = new ArrayList<>();
        for (ProjectionMethod method : ProjectionMethod.values()) {
            for (Scaling scaling : Scaling.values()) {
                for (int batch : new int[]{0, 32}) {
                    c.add(new Object[]{method, scaling, batch});
                }
            }
        }
        return c;
    }

    @ParameterizedTest(name = "{0} {1} batch {2}")
    @MethodSource("projections")
    void everyIterateIsInTheBall(ProjectionMethod method, Scaling scaling, int batch) {
        double radius = 0.3;
        List<Network> iterates = new ArrayList<>();
        try (Backend cpu = new CpuBackend(Precision.F64)) {
            ErmResult r = ErmFit.run(cpu, config(InputDistribution.GAUSSIAN, radius, method, scaling, batch, 40), iterates::add);
            assertEquals(r.steps() + 1, iterates.size(), "the start and every accepted step");
            for (Network net : iterates) {
                // the path norm computed here from the weights, not the one the projection reports
                assertTrue(PathNorms.l1(net) <= radius * (1 + 1e-12), () -> "path norm " + PathNorms.l1(net));
            }
            // the target has path norm 1 > R: the constraint binds
            assertTrue(r.constraintActive());
            assertEquals(radius, r.pathNorm(), 1e-3 * radius);
        }
    }

    @Test
    void unconstrainedErmFitsBetterOnItsSampleAndLeavesTheBall() {
        try (Backend cpu = new CpuBackend(Precision.F64)) {
            ErmResult ball = ErmFit.run(cpu, config(InputDistribution.GAUSSIAN, 0.3, ProjectionMethod.PROX_BISECTION,
                    Scaling.PLAIN, 0, 200));
            ErmResult free = ErmFit.run(cpu, config(InputDistribution.GAUSSIAN, Double.POSITIVE_INFINITY,
                    ProjectionMethod.PROX_BISECTION, Scaling.PLAIN, 0, 200));
            assertTrue(free.trainRisk() < ball.trainRisk());
            assertTrue(free.pathNorm() > 0.3);
            assertFalse(free.constraintActive());
        }
    }

    @Test
    void fullBatchTrainRiskNeverRisesAndIsTheRiskOfTheReturnedNetworkOnItsSample() {
        try (Backend cpu = new CpuBackend(Precision.F64)) {
            ErmConfig c = config(InputDistribution.GAUSSIAN, 0.8, ProjectionMethod.RESCALE, Scaling.MEAN_FIELD, 0, 100);
            ErmResult r = ErmFit.run(cpu, c);
            for (int i = 1; i < r.curve().size(); i++) {
                assertTrue(r.curve().get(i).trainRisk() <= r.curve().get(i - 1).trainRisk());
            }
            ErmData data = ErmFit.sample(cpu, c, r.target());
            double sum = 0;
            for (int row = 0; row < c.n(); row++) {
                double e = eval(data.x().data(), row * 5, r.network().w().data(), r.network().a(), 8, 5, 1.0 / 8)
                        - data.y()[row];
                sum += e * e;
            }
            assertEquals(sum / c.n(), r.trainRisk(), 1e-10 * r.trainRisk());
        }
    }

    @Test
    void aFitIsAFunctionOfItsConfig() {
        try (Backend cpu = new CpuBackend(Precision.F64)) {
            ErmConfig c = config(InputDistribution.GAUSSIAN, 0.8, ProjectionMethod.L1_OUTER, Scaling.PLAIN, 32, 50);
            ErmResult a = ErmFit.run(cpu, c);
            ErmResult b = ErmFit.run(cpu, c);
            assertEquals(a.excessRisk(), b.excessRisk(), 0);
            assertEquals(a.trainRisk(), b.trainRisk(), 0);
        }
    }

    @Test
    void randomTargetHasTheStatedPathNormAndSamplesNest() {
        Teacher t = new ErmTarget.Random(7, 2.5).teacher(9, 4);
        assertEquals(2.5, PathNorms.l1(ErmTarget.asNetwork(t)), 1e-12);
        try (Backend cpu = new CpuBackend(Precision.F64)) {
            ErmConfig big = config(InputDistribution.UNIFORM, 1, ProjectionMethod.RESCALE, Scaling.PLAIN, 0, 1);
            ErmConfig small = big.with(5, 50, 8, 1, 3);
            Teacher target = big.target().teacher(5, 3);
            ErmData a = ErmFit.sample(cpu, big, target);
            ErmData b = ErmFit.sample(cpu, small, target);
            for (int i = 0; i < 50 * 5; i++) {
                assertEquals(a.x().data()[i], b.x().data()[i], 0);
            }
            assertEquals(a.y()[49], b.y()[49], 0);
        }
    }

    /**
     * A larger sample than config's, so that the ERM fits it only about sigma^2 p / n ~ 1e-4 better than
     * f* does, and a wider student (16 against 6 target neurons): at width 8 the fits stop at
     * stationary points that fit worse than f*, local minima of the nonconvex risk.
     */
    private static ErmConfig large(double radius, long steps) {
        return new ErmConfig(5, 16, 4000, InputDistribution.GAUSSIAN, new ErmTarget.Random(6, 1.0), 0.1, radius,
                ProjectionMethod.PROX_BISECTION, Scaling.PLAIN, 0, 1, steps, 0, 0.5, 3, 1000, 20, null);
    }

    /** (1/n) sum (c f*(x_r) - y_r)^2 by plain loops: the train risk of f* scaled by c (path norm c ||f*||_P). */
    private static double scaledTargetRisk(ErmData data, Teacher t, double c) {
        int d = t.v().cols();
        double sum = 0;
        for (int r = 0; r < data.x().rows(); r++) {
            double e = c * eval(data.x().data(), r * d, t.v().data(), t.b(), t.b().length, d, 1) - data.y()[r];
            sum += e * e;
        }
        return sum / data.x().rows();
    }

    /**
     * The ERM minimises the train risk over the ball, and f* scaled into the ball (by
     * min(1, R / ||f*||_P)) lies in it: the fit must do at least as well on its own sample. At
     * R = ||f*||_P and R = inf f* itself is feasible; at R = 0.6 the constraint binds.
     */
    @ParameterizedTest(name = "R = {0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.6, 1.0, Double.POSITIVE_INFINITY})
    void fitsItsSampleAtLeastAsWellAsTheTargetScaledIntoTheBall(double radius) {
        try (Backend cpu = new CpuBackend(Precision.F64)) {
            ErmConfig c = large(radius, 600);
            ErmResult r = ErmFit.run(cpu, c);
            ErmData data = ErmFit.sample(cpu, c, r.target());
            double target = scaledTargetRisk(data, r.target(), Math.min(1, radius / c.target().pathNorm()));
            assertTrue(r.trainRisk() <= target, () -> "fit " + r.trainRisk() + " vs the target in the ball " + target
                    + " after " + r.steps() + " steps (" + r.stop().label() + ")");
            assertTrue(PathNorms.l1(r.network()) <= radius * (1 + 1e-12));
        }
    }

    /**
     * KKT at the returned point, with the gradient of the train risk by plain loops: unconstrained,
     * grad L = 0; in the ball, grad L + lambda dP = 0 for one lambda &gt;= 0, where the path norm
     * P = sum |a_i| ||w_i||_1 is differentiable, and |dL/dtheta_j| &lt;= lambda |dP/dtheta_j| (the
     * subgradient's bound) at entries the prox set to zero. Both residuals relative to the
     * gradient at the start.
     */
    @ParameterizedTest(name = "R = {0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.6, Double.POSITIVE_INFINITY})
    void theReturnedPointIsStationaryInTheBall(double radius) {
        try (Backend cpu = new CpuBackend(Precision.F64)) {
            ErmConfig c = large(radius, 3000);
            ErmResult r = ErmFit.run(cpu, c);
            ErmData data = ErmFit.sample(cpu, c, r.target());
            double[] start = riskGradient(data, ErmFit.initial(c));
            double[] g = riskGradient(data, r.network());
            double residual = Double.isFinite(radius) ? kktResidual(g, r.network()) : norm(g);
            assertTrue(residual <= 1e-3 * norm(start), () -> "KKT residual " + residual + " against the first gradient "
                    + norm(start) + " after " + r.steps() + " steps (" + r.stop().label() + ")");
        }
    }

    /** d/d(a, W) of (1/n) sum (f(x_r) - y_r)^2 for plain relu by loops, relu'(0) = 1/2: {a's m entries, then W}. */
    private static double[] riskGradient(ErmData data, Network net) {
        int m = net.width();
        int d = net.inputDim();
        int n = data.x().rows();
        double[] x = data.x().data();
        double[] w = net.w().data();
        double[] g = new double[m + m * d];
        for (int r = 0; r < n; r++) {
            double e = eval(x, r * d, w, net.a(), m, d, 1) - data.y()[r];
            for (int i = 0; i < m; i++) {
                double z = 0;
                for (int t = 0; t < d; t++) {
                    z += w[i * d + t] * x[r * d + t];
                }
                g[i] += 2 * e * Math.max(z, 0) / n;
                double slope = z > 0 ? 1 : z == 0 ? 0.5 : 0;
                for (int t = 0; t < d; t++) {
                    g[m + i * d + t] += 2 * e * net.a()[i] * slope * x[r * d + t] / n;
                }
            }
        }
        return g;
    }

    /** The KKT residual of min L s.t. sum |a_i| ||w_i||_1 &lt;= R, lambda fitted by least squares on the smooth entries. */
    private static double kktResidual(double[] g, Network net) {
        int m = net.width();
        int d = net.inputDim();
        double[] w = net.w().data();
        double[] a = net.a();
        double[] p = new double[g.length];
        boolean[] smooth = new boolean[g.length];
        for (int i = 0; i < m; i++) {
            double row = PathNorms.l1Row(w, i * d, d);
            p[i] = a[i] != 0 ? Math.signum(a[i]) * row : row;
            smooth[i] = a[i] != 0;
            for (int t = 0; t < d; t++) {
                double wt = w[i * d + t];
                p[m + i * d + t] = wt != 0 ? Math.abs(a[i]) * Math.signum(wt) : Math.abs(a[i]);
                smooth[m + i * d + t] = wt != 0 && a[i] != 0;
            }
        }
        double gp = 0;
        double pp = 0;
        for (int j = 0; j < g.length; j++) {
            if (smooth[j]) {
                gp += g[j] * p[j];
                pp += p[j] * p[j];
            }
        }
        double lambda = Math.max(0, -gp / pp);
        double sq = 0;
        for (int j = 0; j < g.length; j++) {
            double rj = smooth[j] ? g[j] + lambda * p[j] : Math.max(0, Math.abs(g[j]) - lambda * p[j]);
            sq += rj * rj;
        }
        return Math.sqrt(sq);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void momentumCarriesTheLastMoveOnFromTheStep() {
        Network previous = Network.relu(new Matrix(1, 2, new double[]{1, 2}), new double[]{3});
        Network current = Network.relu(new Matrix(1, 2, new double[]{2, 0}), new double[]{5});
        Network stepped = Network.relu(new Matrix(1, 2, new double[]{2.5, 0.5}), new double[]{4});
        Network out = Momentum.extrapolate(stepped, current, previous, 0.5);
        assertEquals(3.0, out.w().data()[0], 0);
        assertEquals(-0.5, out.w().data()[1], 0);
        assertEquals(5.0, out.a()[0], 0);
    }
}
