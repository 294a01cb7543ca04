package dev.barron.backend;

import dev.barron.backend.cpu.CpuBackend;
import dev.barron.model.Activation;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the CPU reference backend itself. */
class CpuBackendTest {

    /** float32 really computes in float: its results carry float rounding, not double rounding. */
    @Test
    void float32ComputesInFloat() {
        SplittableRandom rng = new SplittableRandom(89);
        Network net = Fixtures.network(rng, 40, 64, Scaling.PLAIN, Activation.RELU);
        Teacher teacher = Fixtures.teacher(rng, 3, 64);
        try (CpuBackend f64 = new CpuBackend(Precision.F64); CpuBackend f32 = new CpuBackend(Precision.F32)) {
            double[] g64 = f64.populationLossAndGradient(net, teacher).gradW().data();
            double[] g32 = f32.populationLossAndGradient(net, teacher).gradW().data();
            double worst = 0;
            double scale = 0;
            for (int t = 0; t < g64.length; t++) {
                worst = Math.max(worst, Math.abs(g64[t] - g32[t]));
                scale = Math.max(scale, Math.abs(g64[t]));
                assertEquals((float) g32[t], g32[t], 0, "float32 results hold float values");
            }
            assertTrue(worst > 1e-10 * scale && worst < 2e-4 * scale, "float32 deviation " + worst / scale);
        }
    }

    /** Per-row result slots: repeated calls (and any thread schedule) give bitwise equal results. */
    @Test
    void resultsAreDeterministic() {
        SplittableRandom rng = new SplittableRandom(97);
        Network net = Fixtures.network(rng, 300, 20, Scaling.MEAN_FIELD, Activation.RELU);
        Teacher teacher = Fixtures.teacher(rng, 5, 20);
        try (CpuBackend cpu = new CpuBackend(Precision.F64)) {
            LossGradient first = cpu.populationLossAndGradient(net, teacher);
            for (int rep = 0; rep < 3; rep++) {
                LossGradient again = cpu.populationLossAndGradient(net, teacher);
                assertEquals(first.loss(), again.loss(), 0);
                assertArrayEquals(first.gradW().data(), again.gradW().data(), 0);
                assertArrayEquals(first.gradA(), again.gradA(), 0);
            }
        }
    }

    @Test
    void providerDefaultsAndClosedBackend() {
        Backend cpu = Backends.cpu(BackendOptions.defaults());
        assertEquals(Precision.F64, cpu.precision());
        assertTrue(cpu.device().contains("BLAS"), cpu.device());
        assertTrue(Backends.provider("cpu").devices().get(0).fp64());
        cpu.close();
        Network net = Fixtures.network(new SplittableRandom(1), 2, 2, Scaling.PLAIN, Activation.RELU);
        assertThrows(IllegalStateException.class, () -> cpu.pathNormProx(net, 0.1));
        cpu.close();
    }

    @Test
    void teacherMismatchIsRejected() {
        SplittableRandom rng = new SplittableRandom(2);
        try (CpuBackend cpu = new CpuBackend(Precision.F64)) {
            Network net = Fixtures.network(rng, 3, 4, Scaling.PLAIN, Activation.RELU);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cpu.populationLossAndGradient(net, Fixtures.teacher(rng, 2, 5)));
            assertTrue(e.getMessage().contains("V cols (d)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cpu.populationLossAndGradient(net, null));
        }
    }
}
