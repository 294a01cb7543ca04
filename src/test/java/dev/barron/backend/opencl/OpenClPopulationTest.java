package dev.barron.backend.opencl;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.LossGradient;
import dev.barron.math.StableAngle;
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

import java.util.Arrays;
import java.util.Random;

import static dev.barron.backend.opencl.OpenClTestSupport.relErr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The closed-form population loss and gradient kernels against scalar loops (float64). */
class OpenClPopulationTest {

    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = OpenClTestSupport.open(Precision.F64);
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private static void check(Network net, Teacher t, double tol) {
        check(net, t, tol, true);
    }

    private static void check(Network net, Teacher t, double tol, boolean compareGradW) {
        LossGradient lg = backend.populationLossAndGradient(net, t);
        double[] ref = ScalarOracle.population(net, t);
        int m = net.width();
        int d = net.inputDim();
        double[] gw = Arrays.copyOfRange(ref, 1, 1 + m * d);
        double[] ga = Arrays.copyOfRange(ref, 1 + m * d, ref.length);
        assertEquals(ref[0], lg.loss(), tol * Math.max(1, Math.abs(ref[0])), "loss");
        double ew = relErr(lg.gradW().data(), gw);
        double ea = relErr(lg.gradA(), ga);
        assertTrue(!compareGradW || ew < tol, "gradW relative error " + ew);
        assertTrue(ea < tol, "gradA relative error " + ea);
    }

    @ParameterizedTest(name = "m={0} k={1} d={2} {3} {4}")
    @CsvSource({
        "1, 1, 1, RELU, PLAIN",
        "9, 3, 20, RELU, PLAIN",
        "9, 3, 20, STEP, MEAN_FIELD",
        "9, 3, 20, ERF, PLAIN",
        "9, 3, 20, RELU2, MEAN_FIELD",
        "17, 5, 33, RELU, MEAN_FIELD",
        "257, 3, 40, RELU, PLAIN",
        "5, 2, 1000, RELU, PLAIN",
        "3, 4, 1, ERF, PLAIN"
    })
    void agreesWithScalarLoops(int m, int k, int d, Activation act, Scaling scaling) {
        Random rng = new Random(31L * m + 7L * k + d + act.ordinal());
        Network net = OpenClTestSupport.network(rng, m, d, scaling, act);
        Teacher t = OpenClTestSupport.teacher(rng, k, d);
        check(net, t, 1e-12);
    }

    /** Zero neurons, duplicate and opposite neurons, and a student equal to a teacher neuron. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"RELU", "STEP", "ERF", "RELU2"})
    void degenerateNeurons(Activation act) {
        Random rng = new Random(5 + act.ordinal());
        int d = 7;
        Teacher t = OpenClTestSupport.teacher(rng, 2, d);
        double[] w = OpenClTestSupport.gaussian(rng, 6, d, 1).data();
        Arrays.fill(w, 0, d, 0.0);                         // row 0: w = 0
        System.arraycopy(w, d, w, 2 * d, d);               // row 2 = row 1: theta = 0
        // The step gradient's coefficients grow like 1/sin(theta) and cancel to an O(1) vector, so at
        // theta ~ 1e-9 an ulp in a norm moves it by O(1) in any implementation: use 1e-3 there.
        double tiny = act == Activation.STEP ? 1e-3 : 1e-9;
        for (int x = 0; x < d; x++) {
            w[3 * d + x] = -2.5 * w[d + x];               // row 3 opposite row 1: theta = pi
            w[4 * d + x] = 1.7 * t.v().get(0, x);         // row 4 parallel to teacher 0
            w[5 * d + x] = w[d + x] + tiny * (x % 2 == 0 ? 1 : -1); // row 5: a tiny angle from row 1
        }
        Network net = new Network(new Matrix(6, d, w), new double[] {0.5, -1, 2, 0.3, 1.1, 0.7}, Scaling.PLAIN, act);
        check(net, t, 1e-12);
    }

    /** At a global optimum the loss is a difference of O(1) terms that cancel: it must come out ~1e-15. */
    @Test
    void lossIsAccurateAtTheOptimum() {
        Random rng = new Random(11);
        int d = 20;
        Teacher t = OpenClTestSupport.teacher(rng, 3, d);
        double[] w = new double[6 * d];
        double[] a = new double[6];
        for (int j = 0; j < 3; j++) {
            // each teacher neuron split into two students with output weights 0.3 b and 0.7 b
            System.arraycopy(t.v().data(), j * d, w, 2 * j * d, d);
            System.arraycopy(t.v().data(), j * d, w, (2 * j + 1) * d, d);
            a[2 * j] = 0.3 * t.b()[j];
            a[2 * j + 1] = 0.7 * t.b()[j];
        }
        LossGradient lg = backend.populationLossAndGradient(Network.relu(new Matrix(6, d, w), a), t);
        assertTrue(Math.abs(lg.loss()) < 2e-15, "loss at the optimum " + lg.loss());
        assertTrue(lg.maxNeuronGradNorm() < 1e-14, "gradient at the optimum " + lg.maxNeuronGradNorm());
    }

    @Test
    void anglesMatchTheStableAngle() {
        Random rng = new Random(3);
        int m = 19;
        int k = 4;
        int d = 23;
        Network net = OpenClTestSupport.network(rng, m, d, Scaling.PLAIN, Activation.RELU);
        double[] w = net.w().data().clone();
        System.arraycopy(w, 0, w, d, d);   // two identical rows: angle 0
        Arrays.fill(w, 2 * d, 3 * d, 0);   // a zero row: pi/2
        net = net.withWeights(new Matrix(m, d, w), net.a());
        Teacher t = OpenClTestSupport.teacher(rng, k, d);
        Angles ang = backend.angles(net, t);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                assertEquals(StableAngle.between(net.w().row(i), t.v().row(j)), ang.studentTeacher().get(i, j), 1e-13);
            }
            for (int j = 0; j < m; j++) {
                // a row with itself is exactly 0, a zero row included (the CPU reference's convention)
                double expected = i == j ? 0 : StableAngle.between(net.w().row(i), net.w().row(j));
                assertEquals(expected, ang.studentStudent().get(i, j), 1e-13);
            }
            assertEquals(StableAngle.norm(net.w().data(), i * d, d), ang.studentNorms()[i], 1e-14);
        }
        assertEquals(0.0, ang.studentStudent().get(0, 1));
    }
}
