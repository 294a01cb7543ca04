package dev.barron.backend.opencl;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
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

import java.util.Random;

import static dev.barron.backend.opencl.OpenClTestSupport.relErr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device-resident training runs end where the CPU session ends. */
class OpenClSessionTest {

    private static Backend cl;
    private static final Backend CPU = new CpuBackend(Precision.F64);

    @BeforeAll
    static void open() {
        cl = OpenClTestSupport.open(Precision.F64);
    }

    @AfterAll
    static void close() {
        if (cl != null) {
            cl.close();
        }
        CPU.close();
    }

    /** Orthogonal unit teachers in the first k coordinates. */
    private static Teacher orthogonal(int k, int d) {
        double[] v = new double[k * d];
        double[] b = new double[k];
        for (int j = 0; j < k; j++) {
            v[j * d + j] = 1;
            b[j] = 1;
        }
        return new Teacher(new Matrix(k, d, v), b);
    }

    @ParameterizedTest(name = "d={0} k={1} m={2} steps={3} trainOuter={4}")
    @CsvSource({"20, 3, 9, 200, true", "20, 3, 9, 200, false", "96, 8, 70, 40, true"})
    void gradientDescentEndsWhereTheCpuEnds(int d, int k, int m, int steps, boolean trainOuter) {
        Random rng = new Random(d + 100L * m);
        Teacher t = orthogonal(k, d);
        Network init = new Network(OpenClTestSupport.gaussian(rng, m, d, 0.3 / Math.sqrt(d)),
                OpenClTestSupport.gaussian(rng, m, 0.3), Scaling.PLAIN, Activation.RELU);
        SessionSpec spec = new SessionSpec(init, t, trainOuter);
        try (TrainingSession a = CPU.openSession(spec); TrainingSession b = cl.openSession(spec)) {
            StepStats sa = null;
            StepStats sb = null;
            for (int step = 0; step < steps; step++) {
                sa = a.evaluatePopulation();
                sb = b.evaluatePopulation();
                a.step(0.1);
                b.step(0.1);
            }
            // rounding differences grow through the dynamics, but only by a modest factor in this many steps
            assertEquals(sa.loss(), sb.loss(), 1e-10 * Math.max(1e-2, sa.loss()), "loss");
            assertEquals(sa.maxNeuronGradNorm(), sb.maxNeuronGradNorm(), 1e-9 * sa.maxNeuronGradNorm(), "max grad");
            assertEquals(sa.gradNorm(), sb.gradNorm(), 1e-9 * sa.gradNorm(), "grad norm");
            Network na = a.read();
            Network nb = b.read();
            assertTrue(relErr(nb.w().data(), na.w().data()) < 1e-10, "W");
            assertTrue(relErr(nb.a(), na.a()) < 1e-10, "a");
            Angles aa = a.angles();
            Angles ab = b.angles();
            assertTrue(relErr(ab.studentTeacher().data(), aa.studentTeacher().data()) < 1e-9, "angles to teachers");
            assertTrue(relErr(ab.studentStudent().data(), aa.studentStudent().data()) < 1e-9, "angles among students");
            assertEquals(a.pathNormL1(), b.pathNormL1(), 1e-10 * a.pathNormL1(), "path norm");
            // the device state is what a fresh stateless evaluation sees
            assertEquals(cl.populationLossAndGradient(nb, t).loss(), b.evaluatePopulation().loss(), 1e-14);
        }
    }

    @Test
    void projectedAndEmpiricalStepsAndWriteFollowTheCpu() {
        Random rng = new Random(5);
        int m = 12;
        int d = 10;
        Network init = OpenClTestSupport.network(rng, m, d, Scaling.MEAN_FIELD, Activation.RELU);
        SessionSpec spec = new SessionSpec(init, null, true);
        try (TrainingSession a = CPU.openSession(spec); TrainingSession b = cl.openSession(spec)) {
            for (int step = 0; step < 20; step++) {
                Matrix x = OpenClTestSupport.gaussian(rng, 16 + step, d, 1);
                double[] y = OpenClTestSupport.gaussian(rng, 16 + step, 1);
                StepStats sa = a.evaluateEmpirical(x, y);
                StepStats sb = b.evaluateEmpirical(x, y);
                assertEquals(sa.loss(), sb.loss(), 1e-12 * sa.loss());
                a.step(0.5);
                b.step(0.5);
                ProjectionMethod method = ProjectionMethod.values()[step % 3];
                double radius = 0.8 * a.pathNormL1();
                ProjectionResult pa = a.project(radius, method);
                ProjectionResult pb = b.project(radius, method);
                assertEquals(pa.pathNormL1(), pb.pathNormL1(), 1e-11 * radius, method.label());
                assertTrue(pb.pathNormL1() <= radius, "feasible");
            }
            assertTrue(relErr(b.read().w().data(), a.read().w().data()) < 1e-10);
            b.write(init);
            assertEquals(init.w(), b.read().w());
            org.junit.jupiter.api.Assertions.assertArrayEquals(init.a(), b.read().a());
        }
    }
}
