package dev.barron.backend.cpu;

import dev.barron.backend.LossGradient;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.StepStats;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The empirical loss and gradient of a batch of many panels (so that the panels spread over the
 * threads and their partial sums are added), by the fused kernel and by the BLAS panels,
 * against plain loops over the formulas of docs/MATH.md section 4, which share no code with
 * the evaluator.
 */
class EmpiricalPanelsTest {

    /**
     * Both evaluation paths: the fused kernel (few inputs, padded to a multiple of four or not;
     * its D^T X tiles of four inputs alone (7, 8), of ten alone (20), and both (27: 20 + 8 with
     * one padded, 44: 40 + 4)) and the BLAS panels (beyond its widest input).
     */
    static Stream<Arguments> precisionsAndWidths() {
        return Stream.of(Precision.values()).flatMap(p -> Stream.of(7, 8, 20, 27, 44, EmpiricalEvaluator.FUSED_MAX_INPUTS + 5)
                .map(d -> Arguments.of(p, d)));
    }

    @ParameterizedTest
    @MethodSource("precisionsAndWidths")
    void manyPanelsGiveTheLossAndGradientOfTheFormulas(Precision precision, int d) {
        int n = 6007;
        int m = 33;
        Random r = new Random(5);
        double[] x = new double[n * d];
        double[] y = new double[n];
        double[] w = new double[m * d];
        double[] a = new double[m];
        for (int i = 0; i < x.length; i++) {
            x[i] = precision.round(r.nextGaussian());
        }
        for (int i = 0; i < n; i++) {
            y[i] = precision.round(r.nextGaussian());
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = precision.round(r.nextGaussian() / Math.sqrt(d));
        }
        for (int i = 0; i < m; i++) {
            a[i] = precision.round(r.nextGaussian());
        }
        java.util.Arrays.fill(w, 3 * d, 4 * d, 0.0);   // a row of zeros: z = 0 exactly, where relu' = 1/2
        double s = 1.0 / m;
        double loss = 0;
        double[] gw = new double[m * d];
        double[] ga = new double[m];
        for (int row = 0; row < n; row++) {
            double[] z = new double[m];
            double f = 0;
            for (int i = 0; i < m; i++) {
                for (int t = 0; t < d; t++) {
                    z[i] += w[i * d + t] * x[row * d + t];
                }
                f += s * a[i] * Math.max(z[i], 0);
            }
            double e = f - y[row];
            loss += e * e / (2.0 * n);
            for (int i = 0; i < m; i++) {
                double g = z[i] > 0 ? 1 : z[i] == 0 ? 0.5 : 0;
                ga[i] += s * Math.max(z[i], 0) * e / n;
                for (int t = 0; t < d; t++) {
                    gw[i * d + t] += s * e * a[i] * g * x[row * d + t] / n;
                }
            }
        }
        double tol = precision == Precision.F64 ? 1e-11 : 2e-4;
        try (CpuBackend cpu = new CpuBackend(precision)) {
            LossGradient lg = cpu.empiricalLossAndGradient(new Matrix(n, d, x), y,
                    new Network(new Matrix(m, d, w), a, Scaling.MEAN_FIELD, dev.barron.model.Activation.RELU));
            assertEquals(loss, lg.loss(), tol * loss);
            double scaleW = 0;
            double scaleA = 0;
            for (double v : gw) {
                scaleW = Math.max(scaleW, Math.abs(v));
            }
            for (double v : ga) {
                scaleA = Math.max(scaleA, Math.abs(v));
            }
            for (int t = 0; t < gw.length; t++) {
                assertEquals(gw[t], lg.gradW().data()[t], tol * scaleW, "grad W entry " + t);
            }
            for (int i = 0; i < m; i++) {
                assertEquals(ga[i], lg.gradA()[i], tol * scaleA, "grad a entry " + i);
            }
        }
    }
    /**
     * A float32 session rounds X once when the same X comes again and its fused kernel then
     * reads it in place (d a multiple of four) or copies it (d = 7): the gradient must be the
     * one rounded panel by panel, bit for bit, and a new X must not be read from the old copy.
     */
    @ParameterizedTest
    @ValueSource(ints = {7, 8, 20})
    void aFloatSessionReadsARepeatedBatchAsItReadsANewOne(int d) {
        int n = 3001;
        int m = 40;
        SplittableRandom r = new SplittableRandom(11);
        Matrix x1 = Fixtures.gaussian(r, n, d, 1);
        Matrix x2 = Fixtures.gaussian(r, n, d, 1);
        double[] y = Fixtures.gaussian(r, n, 1);
        Network start = Fixtures.network(r, m, d, Scaling.MEAN_FIELD, dev.barron.model.Activation.RELU);
        try (CpuBackend cpu = new CpuBackend(Precision.F32);
             TrainingSession once = cpu.openSession(new SessionSpec(start, null, true));
             TrainingSession again = cpu.openSession(new SessionSpec(start, null, true))) {
            StepStats first = once.evaluateEmpirical(x1, y);
            again.evaluateEmpirical(x1, y);
            assertEquals(first, again.evaluateEmpirical(x1, y), "the same X, rounded once");
            once.step(0.5);
            again.step(0.5);
            assertEquals(once.read().w(), again.read().w(), "grad W of the same X");
            assertArrayEquals(once.read().a(), again.read().a(), "grad a of the same X");
            StepStats fresh = once.evaluateEmpirical(x2, y);
            again.evaluateEmpirical(x2, y);
            assertEquals(fresh, again.evaluateEmpirical(x2, y), "a new X, repeated, after a repeated one");
        }
    }
}
