package dev.barron.backend.opencl;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.ProxResult;
import dev.barron.backend.cpu.CpuBackend;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.barron.backend.opencl.OpenClTestSupport.relErr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenCL backend against the CPU reference at sizes that do not fill a tile or a work-group
 * (m = 1, d = 1, m = 257, d = 1000): float64 within 1e-12 relative, float32 within float tolerance.
 */
class OpenClAgreementTest {

    private static Backend cl64;
    private static Backend cl32;
    private static final Backend CPU = new CpuBackend(Precision.F64);

    @BeforeAll
    static void open() {
        cl64 = OpenClTestSupport.open(Precision.F64);
        cl32 = OpenClTestSupport.open(Precision.F32);
    }

    @AfterAll
    static void close() {
        for (Backend b : new Backend[] {cl64, cl32, CPU}) {
            if (b != null) {
                b.close();
            }
        }
    }

    private static void assertRel(double[] expected, double[] actual, double tol, String what) {
        double e = relErr(actual, expected);
        assertTrue(e <= tol, what + ": relative error " + e + " > " + tol);
    }

    private static void assertSame(LossGradient expected, LossGradient actual, double tol, String what) {
        assertEquals(expected.loss(), actual.loss(), tol * Math.max(1e-3, Math.abs(expected.loss())), what + " loss");
        assertRel(expected.gradW().data(), actual.gradW().data(), tol, what + " gradW");
        assertRel(expected.gradA(), actual.gradA(), tol, what + " gradA");
    }

    @ParameterizedTest(name = "m={0} k={1} d={2} n={3}")
    @CsvSource({"1, 1, 1, 1", "1, 3, 17, 5", "257, 3, 20, 33", "5, 2, 1000, 40", "33, 16, 65, 257", "16, 16, 16, 16"})
    void populationEmpiricalForwardAndAnglesAgreeWithCpu(int m, int k, int d, int n) {
        Random rng = new Random(1000L * m + 10L * k + d);
        for (Activation act : Activation.values()) {
            for (Scaling scaling : Scaling.values()) {
                Network net = OpenClTestSupport.network(rng, m, d, scaling, act);
                Teacher t = OpenClTestSupport.teacher(rng, k, d);
                Matrix x = OpenClTestSupport.gaussian(rng, n, d, 1);
                double[] y = OpenClTestSupport.gaussian(rng, n, 1);
                String what = act.label() + "/" + scaling.label();
                assertSame(CPU.populationLossAndGradient(net, t), cl64.populationLossAndGradient(net, t), 1e-12,
                        what + " population");
                assertSame(CPU.empiricalLossAndGradient(x, y, net), cl64.empiricalLossAndGradient(x, y, net), 1e-12,
                        what + " empirical");
                assertRel(CPU.forward(x, net), cl64.forward(x, net), 1e-12, what + " forward");
                assertRel(CPU.hidden(x, net).data(), cl64.hidden(x, net).data(), 1e-12, what + " hidden");
                Angles ac = CPU.angles(net, t);
                Angles ao = cl64.angles(net, t);
                assertRel(ac.studentTeacher().data(), ao.studentTeacher().data(), 1e-12, what + " theta");
                assertRel(ac.studentStudent().data(), ao.studentStudent().data(), 1e-12, what + " phi");
                // float32: every rounding of the inputs and sums moves results by ~1e-7 relative
                assertSame(CPU.populationLossAndGradient(net, t), cl32.populationLossAndGradient(net, t), 2e-4,
                        what + " population f32");
                assertRel(CPU.forward(x, net), cl32.forward(x, net), 1e-4, what + " forward f32");
            }
        }
    }

    @ParameterizedTest(name = "m={0} d={1}")
    @CsvSource({"1, 1", "7, 1", "1, 9", "65, 30", "257, 12", "3, 1000"})
    void proxAndProjectionsAgreeWithCpu(int m, int d) {
        Random rng = new Random(77L * m + d);
        for (Scaling scaling : Scaling.values()) {
            Network net = OpenClTestSupport.network(rng, m, d, scaling, Activation.RELU);
            double p0 = dev.barron.math.PathNorms.l1(net);
            for (double lambda : new double[] {0, 0.05, 0.3, 2}) {
                ProxResult c = CPU.pathNormProx(net, lambda);
                ProxResult o = cl64.pathNormProx(net, lambda);
                assertRel(c.network().w().data(), o.network().w().data(), 1e-12, "prox W at " + lambda);
                assertRel(c.network().a(), o.network().a(), 1e-12, "prox a at " + lambda);
                assertEquals(c.objective(), o.objective(), 1e-12 * Math.max(1, c.objective()), "prox objective");
                assertEquals(c.pathNormL1(), o.pathNormL1(), 1e-12 * Math.max(1, c.pathNormL1()), "prox norm");
            }
            for (ProjectionMethod method : ProjectionMethod.values()) {
                for (double fraction : new double[] {0.3, 0.9, 1.5}) {
                    double radius = fraction * p0;
                    ProjectionResult c = CPU.pathNormProject(net, radius, method);
                    ProjectionResult o = cl64.pathNormProject(net, radius, method);
                    String what = method.label() + " at R = " + fraction + " P";
                    assertTrue(o.pathNormL1() <= radius, what + " infeasible: " + o.pathNormL1() + " > " + radius);
                    assertRel(c.network().w().data(), o.network().w().data(), 1e-12, what + " W");
                    assertRel(c.network().a(), o.network().a(), 1e-12, what + " a");
                    assertEquals(c.pathNormL1(), o.pathNormL1(), 1e-12 * Math.max(1, c.pathNormL1()), what + " norm");
                    assertEquals(c.distance(), o.distance(), 1e-12 * Math.max(1, c.distance()), what + " distance");
                    assertEquals(c.lambda(), o.lambda(), 1e-12 * Math.max(1, c.lambda()), what + " lambda");
                }
            }
        }
    }

    /** Zero neurons, duplicates, opposite pairs: the edge conventions must match the CPU's. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void degenerateNeuronsAgreeWithCpu(Activation act) {
        Random rng = new Random(9 + act.ordinal());
        int d = 5;
        Teacher t = OpenClTestSupport.teacher(rng, 2, d);
        double[] w = OpenClTestSupport.gaussian(rng, 5, d, 1).data();
        java.util.Arrays.fill(w, 0, d, 0.0);
        System.arraycopy(w, d, w, 2 * d, d);
        for (int x = 0; x < d; x++) {
            w[3 * d + x] = -2 * w[d + x];
            w[4 * d + x] = 3 * t.v().get(1, x);
        }
        Network net = new Network(new Matrix(5, d, w), new double[] {1, -0.5, 0.25, 2, -1}, Scaling.PLAIN, act);
        assertSame(CPU.populationLossAndGradient(net, t), cl64.populationLossAndGradient(net, t), 1e-12, act.label());
        assertRel(CPU.angles(net, t).studentStudent().data(), cl64.angles(net, t).studentStudent().data(), 1e-12,
                "angles");
        Network zero = new Network(Matrix.zeros(3, d), new double[] {1, 2, 3}, Scaling.PLAIN, act);
        assertSame(CPU.populationLossAndGradient(zero, t), cl64.populationLossAndGradient(zero, t), 1e-12, "w = 0");
    }

    @Test
    void emptyAndMismatchedBatchesAreRejected() {
        Random rng = new Random(2);
        Network net = OpenClTestSupport.network(rng, 3, 4, Scaling.PLAIN, Activation.RELU);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cl64.empiricalLossAndGradient(Matrix.zeros(0, 4), new double[0], net));
        assertTrue(e.getMessage().contains("X rows (n) = 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cl64.forward(Matrix.zeros(0, 4), net));
        assertThrows(IllegalArgumentException.class, () -> cl64.hidden(Matrix.zeros(0, 4), net));
        e = assertThrows(IllegalArgumentException.class, () -> cl64.forward(Matrix.zeros(2, 5), net));
        assertTrue(e.getMessage().contains("X cols (d) = 5"), e.getMessage());
    }
}
