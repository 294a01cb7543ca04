package dev.barron.backend;

import dev.barron.backend.cpu.CpuBackend;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Agreement;
import dev.barron.testing.Fixtures;
import dev.barron.testing.TestBackends;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every non-CPU backend against the CPU reference on the same inputs: float64 within 1e-12
 * relative to the size of each quantity, float32 within float tolerance of the float64
 * reference. Cases include odd sizes (m = 1, d = 1, m = 257, d = 1000) and degenerate neurons
 * (w = 0, a = 0, duplicated and antiparallel neurons). With only the CPU backend present
 * there is nothing to compare and the factory yields no tests.
 */
class BackendAgreementTest {

    private static final double F64_TOL = 1e-12;
    private static final double F32_TOL = 2e-4;

    private record Case(String name, Network net, Teacher teacher, Matrix x, double[] y) {
    }

    @TestFactory
    Stream<DynamicTest> acceleratorsAgreeWithTheCpuReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Stream<Arguments> source : List.of(TestBackends.accelerators(), TestBackends.acceleratorsF32())) {
            source.forEach(arguments -> {
                @SuppressWarnings("unchecked")
                Named<Backend> named = (Named<Backend>) arguments.get()[0];
                Backend backend = named.getPayload();
                List<Case> cases = cases();
                if (backend.precision() == Precision.F64) {
                    cases.addAll(nearZeroCases());
                }
                for (Case c : cases) {
                    tests.add(DynamicTest.dynamicTest(named.getName() + " " + c.name(), () -> compare(backend, c)));
                }
                tests.add(DynamicTest.dynamicTest(named.getName() + " rejects empty batches", () -> {
                    Network net = cases().get(0).net();
                    assertThrows(IllegalArgumentException.class,
                            () -> backend.empiricalLossAndGradient(Matrix.zeros(0, net.inputDim()), new double[0], net));
                    assertThrows(IllegalArgumentException.class,
                            () -> backend.forward(Matrix.zeros(0, net.inputDim()), net));
                    backend.close();
                }));
            });
        }
        return tests.stream();
    }

    private static void compare(Backend backend, Case c) {
        double tol = backend.precision() == Precision.F64 ? F64_TOL : F32_TOL;
        String label = backend.name() + "/" + backend.precision().label() + " " + c.name();
        try (CpuBackend reference = new CpuBackend(Precision.F64)) {
            LossGradient p = reference.populationLossAndGradient(c.net(), c.teacher());
            LossGradient q = backend.populationLossAndGradient(c.net(), c.teacher());
            Agreement.close(p.loss(), q.loss(), tol, 1, label + " population loss");
            Agreement.close(p.gradW().data(), q.gradW().data(), tol, label + " population dL/dW");
            Agreement.close(p.gradA(), q.gradA(), tol, label + " population dL/da");

            LossGradient e = reference.empiricalLossAndGradient(c.x(), c.y(), c.net());
            LossGradient f = backend.empiricalLossAndGradient(c.x(), c.y(), c.net());
            Agreement.close(e.loss(), f.loss(), tol, 1, label + " empirical loss");
            Agreement.close(e.gradW().data(), f.gradW().data(), tol, label + " empirical dL/dW");
            Agreement.close(e.gradA(), f.gradA(), tol, label + " empirical dL/da");
            Agreement.close(reference.forward(c.x(), c.net()), backend.forward(c.x(), c.net()), tol, label + " forward");

            for (double lambda : new double[]{0.01, 0.2}) {
                ProxResult r = reference.pathNormProx(c.net(), lambda);
                ProxResult s = backend.pathNormProx(c.net(), lambda);
                Agreement.close(r.objective(), s.objective(), tol, 1, label + " prox objective");
                Agreement.close(r.network().w().data(), s.network().w().data(), tol, label + " prox W");
                Agreement.close(r.network().a(), s.network().a(), tol, label + " prox a");
            }
            double radius = 0.5 * r(c.net());
            for (ProjectionMethod method : ProjectionMethod.values()) {
                if (method == ProjectionMethod.L1_OUTER && c.net().activation() != Activation.RELU) {
                    assertThrows(IllegalArgumentException.class, () -> backend.pathNormProject(c.net(), radius, method),
                            label + ": l1-outer preserves f only for relu and must be rejected otherwise");
                    continue;
                }
                ProjectionResult r = reference.pathNormProject(c.net(), radius, method);
                ProjectionResult s = backend.pathNormProject(c.net(), radius, method);
                Agreement.close(r.pathNormL1(), s.pathNormL1(), tol, 1, label + " " + method + " norm");
                Agreement.close(r.distance(), s.distance(), tol, 1, label + " " + method + " distance");
                Agreement.close(r.network().a(), s.network().a(), tol, label + " " + method + " a");
            }
        }
    }

    private static double r(Network net) {
        return dev.barron.math.PathNorms.l1(net);
    }

    private static List<Case> cases() {
        SplittableRandom rng = new SplittableRandom(71);
        List<Case> list = new ArrayList<>();
        int[][] sizes = {{1, 1, 1, 5}, {1, 3, 7, 9}, {5, 2, 1, 11}, {257, 3, 31, 17}, {9, 4, 1000, 8}};
        for (int[] s : sizes) {
            int m = s[0];
            int k = s[1];
            int d = s[2];
            int n = s[3];
            for (Activation act : Activation.values()) {
                // both scalings at every size: plain (s = 1) and mean-field (s = 1/m, which is 1 at m = 1)
                for (Scaling scaling : Scaling.values()) {
                    list.add(new Case("m=" + m + " k=" + k + " d=" + d + " n=" + n + " " + act + " " + scaling.label(),
                            Fixtures.network(rng, m, d, scaling, act), Fixtures.teacher(rng, k, d),
                            Fixtures.gaussian(rng, n, d, 1.0), Fixtures.gaussian(rng, n, 1.0)));
                }
            }
        }
        Network base = Fixtures.network(rng, 6, 5, Scaling.PLAIN, Activation.RELU);
        double[] w = base.w().data().clone();
        double[] a = base.a().clone();
        java.util.Arrays.fill(w, 0, 5, 0.0);
        System.arraycopy(w, 5, w, 10, 5);
        for (int t = 0; t < 5; t++) {
            w[15 + t] = -2 * w[5 + t];
        }
        a[4] = 0;
        list.add(new Case("degenerate neurons (w = 0, duplicated, antiparallel, a = 0)",
                base.withWeights(new Matrix(6, 5, w), a), Fixtures.teacher(rng, 2, 5),
                Fixtures.gaussian(rng, 13, 5, 1.0), Fixtures.gaussian(rng, 13, 1.0)));
        return list;
    }

    /**
     * Rows near zero are rows with a direction (only an all-zero row is zero): 1e-300, a subnormal
     * 5e-324 in one entry, next to an exactly zero row, a row of 1e-160 and ordinary rows; compared
     * in float64 only (in float32 they are other inputs: zero rows). Not for step, whose gradient
     * is of size 1 / |w_i| and so beyond the double range at these rows.
     */
    private static List<Case> nearZeroCases() {
        SplittableRandom rng = new SplittableRandom(73);
        Network base = Fixtures.network(rng, 6, 5, Scaling.PLAIN, Activation.RELU);
        List<Case> list = new ArrayList<>();
        for (Activation act : new Activation[] {Activation.RELU, Activation.ERF, Activation.RELU2}) {
            double[] near = base.w().data().clone();
            for (int t = 0; t < 5; t++) {
                near[t] *= 1e-300;
                near[5 + t] = t == 2 ? Double.MIN_VALUE : 0;
                near[10 + t] = 0;
                near[15 + t] *= 1e-160;
            }
            list.add(new Case("rows near zero (1e-300, 5e-324, 0, 1e-160) " + act,
                    new Network(new Matrix(6, 5, near), base.a().clone(), Scaling.PLAIN, act),
                    Fixtures.teacher(rng, 2, 5), Fixtures.gaussian(rng, 13, 5, 1.0), Fixtures.gaussian(rng, 13, 1.0)));
        }
        return list;
    }
}
