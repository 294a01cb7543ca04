package dev.barron.backend;

import dev.barron.math.PathNorms;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.MagnitudeOracle;
import dev.barron.testing.TestBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The relu population loss, its gradient and the path norms across the whole double range,
 * on every backend present, against {@link MagnitudeOracle} (exact in magnitude).
 *
 * <p>Float64: rows scaled by 2^p, p from -1063 (W entries about 1e-320, subnormal) to 996
 * (about 1e300), with the outer weights scaled by 2^-p (the same function: ReLU is homogeneous)
 * or left at O(1) (a tiny network, or where 2^2p fits, a huge one), and the teacher scaled the
 * same ways; plus the reported reproductions (a subnormal row beside a unit one; W = 1e200
 * with a = 1e-200). Float32: inputs that are floats, rows scaled by 2^p with p from -140
 * (about 7e-43, subnormal in float) to 120 (about 1.3e36), outer weights by 2^-p or O(1)
 * (p up to 60), the teacher likewise.
 * Tolerances: 1e-12 (f64) or 2e-4 (f32) of the natural scale of each quantity (sum of the
 * magnitudes of its terms).
 */
class MagnitudeSweepTest {

    private static final int M = 3;
    private static final int K = 2;
    private static final int D = 4;
    private static final double[] W0 = {0.83, -0.41, 0.27, 1.12, -0.36, 0.95, 0.58, -0.22, 0.14, 0.31, -1.07, 0.66};
    private static final double[] A0 = {0.9, -1.3, 0.7};
    private static final double[] V0 = {1.0, 0.2, -0.5, 0.3, -0.4, 0.8, 0.1, 0.6};
    private static final double[] B0 = {1.1, 0.8};

    private record Case(String name, Network net, Teacher teacher) {
    }

    static Network network(double[] w0, int pw, double[] a0, int pa, Scaling scaling) {
        double[] w = new double[w0.length];
        for (int t = 0; t < w.length; t++) {
            w[t] = Math.scalb(w0[t], pw);
        }
        double[] a = new double[a0.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.scalb(a0[i], pa);
        }
        return new Network(new Matrix(a.length, w.length / a.length, w), a, scaling, Activation.RELU);
    }

    static Teacher teacher(int pv) {
        double[] v = new double[V0.length];
        for (int t = 0; t < v.length; t++) {
            v[t] = Math.scalb(V0[t], pv);
        }
        double[] b = new double[B0.length];
        for (int j = 0; j < b.length; j++) {
            b[j] = Math.scalb(B0[j], -pv);
        }
        return new Teacher(new Matrix(K, D, v), b);
    }

    static List<Case> f64Cases() {
        List<Case> list = new ArrayList<>();
        int[] exps = {-1074 + 11, -1060, -1040, -1023, -1000, -900, -700, -520, -300, -100, -20, 0, 20, 100, 300, 511,
                700, 900, 996};
        for (int p : exps) {
            Scaling scaling = (p & 1) == 0 ? Scaling.PLAIN : Scaling.MEAN_FIELD;
            // The same function as the base network; where 2^-p does not fit, a is as large as fits.
            int pa = Math.max(-1000, Math.min(1000, -p));
            list.add(new Case("W 2^" + p + ", a 2^" + pa, network(W0, p, A0, pa, scaling), teacher(0)));
            if (p <= 500) {
                list.add(new Case("W 2^" + p + ", a O(1)", network(W0, p, A0, 0, scaling), teacher(0)));
            }
            if (p >= -1000 && p <= 1000) {
                list.add(new Case("teacher V 2^" + p + ", b 2^" + (-p), network(W0, 0, A0, 0, scaling), teacher(p)));
            }
        }
        // Mixed magnitudes in one network: rows near zero beside O(1) rows.
        double[] w = W0.clone();
        for (int t = 0; t < D; t++) {
            w[t] *= 1e-300;
            w[2 * D + t] = t == 0 ? Double.MIN_VALUE : 0;
        }
        list.add(new Case("rows 1e-300 and 5e-324 beside an O(1) row",
                new Network(new Matrix(M, D, w), A0.clone(), Scaling.PLAIN, Activation.RELU), teacher(0)));
        list.add(new Case("W = [[5e-324, 0], [1, 0]], a = 1, V = e_1, b = 1",
                new Network(Matrix.of(new double[]{Double.MIN_VALUE, 0}, new double[]{1, 0}), new double[]{1, 1},
                        Scaling.PLAIN, Activation.RELU),
                new Teacher(Matrix.of(new double[]{1, 0}), new double[]{1})));
        list.add(new Case("W = 1e200, a = 1e-200", network(W0, 0, A0, 0, Scaling.PLAIN).withWeights(
                scaledRows(W0, 1e200), scaled(A0, 1e-200)), teacher(0)));
        return list;
    }

    static List<Case> f32Cases() {
        List<Case> list = new ArrayList<>();
        double[] w0 = floats(W0);
        double[] a0 = floats(A0);
        for (int p : new int[]{-140, -130, -126, -100, -60, -20, 0, 20, 60, 100, 120}) {
            int pa = Math.max(-120, Math.min(120, -p));
            list.add(new Case("W 2^" + p + ", a 2^" + pa, network(w0, p, a0, pa, Scaling.PLAIN),
                    new Teacher(new Matrix(K, D, floats(V0)), floats(B0))));
            if (p <= 60) {
                list.add(new Case("W 2^" + p + ", a O(1)", network(w0, p, a0, 0, Scaling.MEAN_FIELD),
                        new Teacher(new Matrix(K, D, floats(V0)), floats(B0))));
            }
            if (Math.abs(p) <= 120) {
                list.add(new Case("teacher V 2^" + p + ", b 2^" + (-p), network(w0, 0, a0, 0, Scaling.PLAIN),
                        teacher(p)));
            }
        }
        return list;
    }

    private static Matrix scaledRows(double[] w, double c) {
        double[] out = new double[w.length];
        for (int t = 0; t < w.length; t++) {
            out[t] = w[t] * c;
        }
        return new Matrix(M, D, out);
    }

    private static double[] scaled(double[] a, double c) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * c;
        }
        return out;
    }

    private static double[] floats(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void lossGradientAndPathNormAcrossTheDoubleRange(Backend backend) {
        double tol = backend.precision() == Precision.F64 ? 1e-12 : 2e-4;
        List<String> failures = new ArrayList<>();
        for (Case c : backend.precision() == Precision.F64 ? f64Cases() : f32Cases()) {
            check(backend, c, tol, failures);
        }
        assertTrue(failures.isEmpty(), backend.name() + "/" + backend.precision().label() + ": " + failures.size()
                + " failures:\n" + String.join("\n", failures));
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#allF32")
    void float32AcrossTheFloatRange(Backend backend) {
        List<String> failures = new ArrayList<>();
        for (Case c : f32Cases()) {
            check(backend, c, 2e-4, failures);
        }
        assertTrue(failures.isEmpty(), backend.name() + "/" + backend.precision().label() + ": " + failures.size()
                + " failures:\n" + String.join("\n", failures));
    }

    @Test
    void pathNormsOfTheCpuMathAcrossTheDoubleRange() {
        List<String> failures = new ArrayList<>();
        for (Case c : f64Cases()) {
            near(failures, c.name() + " l1 path norm", MagnitudeOracle.pathNormL1(c.net()), PathNorms.l1(c.net()),
                    1e-14 * Math.abs(MagnitudeOracle.pathNormL1(c.net())));
            near(failures, c.name() + " l2 path norm", MagnitudeOracle.pathNormL2(c.net()), PathNorms.l2(c.net()),
                    1e-14 * Math.abs(MagnitudeOracle.pathNormL2(c.net())));
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    /**
     * The prox objective is 2-homogeneous in (a, w, a0, w0) at fixed lambda, so the prox of 2^p theta
     * is 2^p times the prox of theta (objective and path norm times 4^p), and the projection of
     * 2^p theta onto the ball of radius 4^p R is 2^p times the projection of theta onto radius R.
     * Checked for p from -1000 to 900 against the same backend at p = 0 (where the prox itself is
     * tested against brute force; l1-outer, which normalises |w_i|_1 = 1, only in its path norm and
     * finiteness); and W 2^p with a 2^-p (huge rows, tiny outer weights and the
     * reverse) must give finite, feasible projections that agree with the CPU reference.
     */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void proxAndProjectionAcrossTheDoubleRange(Backend backend) {
        double tol = backend.precision() == Precision.F64 ? 1e-12 : 2e-4;
        List<String> failures = new ArrayList<>();
        Network base = network(W0, 0, A0, 0, Scaling.PLAIN);
        double lambda = 0.3;
        double radius = 0.5 * PathNorms.l1(base);
        ProxResult p0 = backend.pathNormProx(base, lambda);
        java.util.Map<dev.barron.backend.ProjectionMethod, ProjectionResult> q0 = new java.util.EnumMap<>(
                dev.barron.backend.ProjectionMethod.class);
        for (dev.barron.backend.ProjectionMethod method : dev.barron.backend.ProjectionMethod.values()) {
            q0.put(method, backend.pathNormProject(base, radius, method));
        }
        int[] exps = backend.precision() == Precision.F64 ? new int[]{-1000, -700, -400, -100, 100, 400, 700, 900}
                : new int[]{-60, -30, 30, 60};
        for (int p : exps) {
            String at = "theta 2^" + p;
            ProxResult pr = backend.pathNormProx(network(W0, p, A0, p, Scaling.PLAIN), lambda);
            scaledEquals(failures, at + " prox W", p0.network().w().data(), pr.network().w().data(), p, tol);
            scaledEquals(failures, at + " prox a", p0.network().a(), pr.network().a(), p, tol);
            expectScaled(failures, at + " prox objective", p0.objective(), pr.objective(), 2 * p, tol);
            expectScaled(failures, at + " prox path norm", p0.pathNormL1(), pr.pathNormL1(), 2 * p, tol);
            double r = Math.scalb(radius, 2 * p);
            if (r == 0 || Double.isInfinite(r)) {
                continue;
            }
            for (var e : q0.entrySet()) {
                ProjectionResult pj = backend.pathNormProject(network(W0, p, A0, p, Scaling.PLAIN), r, e.getKey());
                String m = at + " " + e.getKey();
                allFinite(failures, m, pj);
                if (e.getKey() != dev.barron.backend.ProjectionMethod.L1_OUTER) { // l1-outer normalises |w_i|_1 = 1
                    scaledEquals(failures, m + " W", e.getValue().network().w().data(), pj.network().w().data(), p, tol);
                    scaledEquals(failures, m + " a", e.getValue().network().a(), pj.network().a(), p, tol);
                    expectScaled(failures, m + " distance", e.getValue().distance(), pj.distance(), p, tol);
                }
                expectScaled(failures, m + " path norm", e.getValue().pathNormL1(), pj.pathNormL1(), 2 * p, tol);
            }
        }
        int[] skew = backend.precision() == Precision.F64 ? new int[]{-660, -300, 300, 660} : new int[]{-40, 40};
        try (dev.barron.backend.cpu.CpuBackend reference = new dev.barron.backend.cpu.CpuBackend(backend.precision())) {
            for (int p : skew) {
                Network net = network(W0, p, A0, -p, Scaling.PLAIN);
                for (dev.barron.backend.ProjectionMethod method : dev.barron.backend.ProjectionMethod.values()) {
                    String at = "W 2^" + p + ", a 2^" + (-p) + " " + method;
                    ProjectionResult pj = backend.pathNormProject(net, 1.0, method);
                    ProjectionResult ref = reference.pathNormProject(net, 1.0, method);
                    allFinite(failures, at, pj);
                    if (!(pj.pathNormL1() <= 1.0)) {
                        failures.add(at + ": infeasible, path norm " + pj.pathNormL1());
                    }
                    near(failures, at + " path norm vs cpu", ref.pathNormL1(), pj.pathNormL1(), tol);
                    near(failures, at + " distance vs cpu", ref.distance(), pj.distance(), tol * ref.distance());
                }
            }
        }
        if (backend.precision() == Precision.F64) {
            // rescale by sqrt(R) / sqrt(P): R / P itself underflows here (1e-300 / 1e150)
            Network huge = network(W0, 500, A0, 0, Scaling.PLAIN);
            ProjectionResult tiny = backend.pathNormProject(huge, 1e-300, dev.barron.backend.ProjectionMethod.RESCALE);
            allFinite(failures, "rescale of a 2^500 network to radius 1e-300", tiny);
            near(failures, "rescale of a 2^500 network to radius 1e-300: path norm", 1e-300, tiny.pathNormL1(),
                    1e-12 * 1e-300);
        }
        assertTrue(failures.isEmpty(), backend.name() + "/" + backend.precision().label() + ": " + failures.size()
                + " failures:\n" + String.join("\n", failures));
    }

    @Test
    void balancingAcrossTheDoubleRange() {
        for (int p : new int[]{-1060, -700, 700, 990}) {
            Network net = network(W0, p, A0, -Math.max(-1000, Math.min(1000, p)), Scaling.PLAIN);
            Network balanced = dev.barron.math.Balancing.l2(net);
            for (int i = 0; i < M; i++) {
                double norm = dev.barron.math.StableAngle.norm(balanced.w().data(), i * D, D);
                assertEquals(Math.abs(balanced.a()[i]), norm, 1e-13 * norm, "p = " + p + ", neuron " + i);
            }
            assertEquals(MagnitudeOracle.pathNormL2(net), PathNorms.l2(balanced), 1e-13 * PathNorms.l2(net), "p = " + p);
        }
    }

    private static void allFinite(List<String> failures, String at, ProjectionResult pj) {
        boolean finite = Double.isFinite(pj.distance()) && Double.isFinite(pj.pathNormL1());
        for (double x : pj.network().w().data()) {
            finite &= Double.isFinite(x);
        }
        for (double x : pj.network().a()) {
            finite &= Double.isFinite(x);
        }
        if (!finite) {
            failures.add(at + ": non-finite result (distance " + pj.distance() + ", path norm " + pj.pathNormL1() + ")");
        }
    }

    private static void scaledEquals(List<String> failures, String what, double[] base, double[] actual, int p,
                                     double tol) {
        double scale = 0;
        for (double x : base) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < base.length; i++) {
            near(failures, what + "[" + i + "]", Math.scalb(base[i], p), actual[i], Math.scalb(tol * scale, p));
        }
    }

    private static void expectScaled(List<String> failures, String what, double base, double actual, int p,
                                     double tol) {
        double expected = Math.scalb(base, p);
        if (Double.isFinite(expected) && (expected != 0 || base == 0)) {
            near(failures, what, expected, actual, tol * Math.abs(expected));
        }
    }

    private static void check(Backend backend, Case c, double tol, List<String> failures) {
        MagnitudeOracle.Result o = MagnitudeOracle.population(c.net(), c.teacher());
        String at = c.name();
        double slack = backend.precision() == Precision.F64 ? 8 * Double.MIN_VALUE : 8 * Float.MIN_VALUE;
        LossGradient lg;
        try {
            lg = backend.populationLossAndGradient(c.net(), c.teacher());
        } catch (RuntimeException e) {
            failures.add(at + ": threw " + e);
            return;
        }
        near(failures, at + " loss", o.loss(), lg.loss(), tol * o.lossScale(), slack);
        double[] g = lg.gradW().data();
        int d = c.net().inputDim();
        for (int i = 0; i < c.net().width(); i++) {
            for (int p = 0; p < d; p++) {
                near(failures, at + " dL/dw[" + i + "][" + p + "]", o.gradW()[i * d + p], g[i * d + p],
                        tol * o.gradWRowScale()[i], slack);
            }
            near(failures, at + " dL/da[" + i + "]", o.gradA()[i], lg.gradA()[i], tol * o.gradAScale()[i], slack);
        }
        try (TrainingSession s = backend.openSession(new SessionSpec(c.net(), c.teacher(), true))) {
            double expected = MagnitudeOracle.pathNormL1(c.net());
            near(failures, at + " session l1 path norm", expected, s.pathNormL1(), tol * Math.abs(expected), slack);
        } catch (RuntimeException e) {
            failures.add(at + ": session threw " + e);
        }
    }

    private static void near(List<String> failures, String what, double expected, double actual, double tol) {
        near(failures, what, expected, actual, tol, 8 * Double.MIN_VALUE);
    }

    private static void near(List<String> failures, String what, double expected, double actual, double tol,
                             double slack) {
        // The absolute slack is a few rounding units of the subnormal range (of double, or of float
        // for float32 backends), where results live for the smallest magnitudes.
        if (!(Math.abs(expected - actual) <= tol + slack) && !(expected == actual)) {
            failures.add(what + ": expected " + expected + ", got " + actual + " (tolerance " + tol + ")");
        }
    }
}
