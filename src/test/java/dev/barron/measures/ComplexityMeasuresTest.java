package dev.barron.measures;

import dev.barron.backend.Backend;
import dev.barron.backend.cpu.CpuBackend;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.testing.Fixtures;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each measure against an independent computation of its definition (docs/MATH.md section 10.1). */
class ComplexityMeasuresTest {

    private static Network network(long seed, int m, int d, Scaling scaling) {
        return Fixtures.network(new SplittableRandom(seed), m, d, scaling, Activation.RELU);
    }

    /** The two layers as explicit matrices: A_1 = W (m x d), A_2 = s a^T (1 x m). */
    private static RealMatrix[] layers(Network net) {
        double[][] w = new double[net.width()][];
        for (int i = 0; i < net.width(); i++) {
            w[i] = net.w().row(i);
        }
        double[] a = new double[net.width()];
        for (int i = 0; i < a.length; i++) {
            a[i] = net.scale() * net.a()[i];
        }
        return new RealMatrix[]{new Array2DRowRealMatrix(w), new Array2DRowRealMatrix(new double[][]{a})};
    }

    @Test
    void pathNormsMatchAnEnumerationOfEveryInputOutputPath() {
        for (Scaling scaling : Scaling.values()) {
            Network net = network(1, 7, 5, scaling);
            RealMatrix[] layer = layers(net);
            double l2 = 0;
            double l1 = 0;
            // a path is input j -> hidden i -> output; its weight is A_2[0][i] * A_1[i][j]
            for (int j = 0; j < net.inputDim(); j++) {
                for (int i = 0; i < net.width(); i++) {
                    double product = layer[1].getEntry(0, i) * layer[0].getEntry(i, j);
                    l2 += product * product;
                    l1 += Math.abs(product);
                }
            }
            MeasureValues v = ComplexityMeasures.compute(MeasureInputs.of(net), new CpuBackend(Precision.F64));
            assertEquals(l2, v.get(Measure.PATH_L2), 1e-12 * l2, scaling.label());
            assertEquals(l1, v.get(Measure.PATH_L1), 1e-12 * l1, scaling.label());
        }
    }

    @Test
    void normAndSpectralMeasuresMatchTheirDefinitionsThroughAFullSvd() {
        for (Scaling scaling : Scaling.values()) {
            Network net = network(2, 9, 6, scaling);
            Network init = network(3, 9, 6, scaling);
            RealMatrix[] a = layers(net);
            RealMatrix[] a0 = layers(init);
            double prodSpec = 1;
            double bft0 = 0;
            double bftInit = 0;
            double orig = 0;
            double spec = 0;
            double frob = 0;
            double dist = 0;
            for (int l = 0; l < 2; l++) {
                double sigma = new SingularValueDecomposition(a[l]).getNorm();
                RealMatrix diff = a[l].subtract(a0[l]);
                prodSpec *= sigma;
                bft0 += Math.pow(twoOne(a[l]) / sigma, 2.0 / 3);
                bftInit += Math.pow(twoOne(diff) / sigma, 2.0 / 3);
                frob += sq(a[l].getFrobeniusNorm());
                dist += sq(diff.getFrobeniusNorm());
                orig += sq(a[l].getFrobeniusNorm() / sigma);
                spec += sq(diff.getFrobeniusNorm() / sigma);
            }
            MeasureValues v = ComplexityMeasures.compute(new MeasureInputs(net, init, null, null), new CpuBackend(Precision.F64));
            String s = scaling.label();
            assertEquals(9 * 6 + 9, v.get(Measure.PARAMS), s);
            assertEquals(frob, v.get(Measure.FROBENIUS), 1e-12 * frob, s);
            assertEquals(dist, v.get(Measure.DIST_INIT), 1e-12 * dist, s);
            assertEquals(prodSpec * Math.pow(bft0, 1.5), v.get(Measure.SPECTRAL_BFT), 1e-10 * prodSpec * Math.pow(bft0, 1.5), s);
            assertEquals(prodSpec * Math.pow(bftInit, 1.5), v.get(Measure.SPECTRAL_BFT_INIT), 1e-10 * prodSpec * Math.pow(bftInit, 1.5), s);
            assertEquals(sq(prodSpec) * orig, v.get(Measure.SPEC_ORIG), 1e-10 * sq(prodSpec) * orig, s);
            assertEquals(sq(prodSpec) * spec, v.get(Measure.SPEC_INIT), 1e-10 * sq(prodSpec) * spec, s);
            assertFalse(v.has(Measure.FISHER_RAO), "no data, no Fisher-Rao");
        }
    }

    /** ||A^T||_{2,1}: the sum of the Euclidean norms of the columns of A^T, that is of the rows of A. */
    private static double twoOne(RealMatrix a) {
        double s = 0;
        for (int r = 0; r < a.getRowDimension(); r++) {
            s += a.getRowVector(r).getNorm();
        }
        return s;
    }

    /**
     * Fisher-Rao against central finite differences of each sample's loss in every parameter,
     * the loss evaluated by a plain Java forward pass (not the backend's).
     */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void fisherRaoMatchesFiniteDifferenceGradients(Backend backend) {
        SplittableRandom rng = new SplittableRandom(4);
        for (Scaling scaling : Scaling.values()) {
            Network net = network(5, 6, 4, scaling);
            Matrix x = Fixtures.gaussian(rng, 12, 4, 1);
            double[] y = Fixtures.gaussian(rng, 12, 1);
            double h = 1e-6;
            double sum = 0;
            for (int r = 0; r < x.rows(); r++) {
                double[] xr = x.row(r);
                double inner = 0;
                for (int i = 0; i < net.width(); i++) {
                    for (int t = 0; t < net.inputDim(); t++) {
                        double g = (loss(Fixtures.shiftW(net, i, t, h), xr, y[r]) - loss(Fixtures.shiftW(net, i, t, -h), xr, y[r])) / (2 * h);
                        inner += net.w().get(i, t) * g;
                    }
                    double g = (loss(Fixtures.shiftA(net, i, h), xr, y[r]) - loss(Fixtures.shiftA(net, i, -h), xr, y[r])) / (2 * h);
                    inner += net.a()[i] * g;
                }
                sum += inner * inner;
            }
            double expected = 4 * sum / x.rows();
            MeasureValues v = ComplexityMeasures.compute(new MeasureInputs(net, null, x, y), backend);
            assertEquals(expected, v.get(Measure.FISHER_RAO), 1e-6 * expected, scaling.label() + " on " + backend.name());
            // and the output-normalised forms divide by the RMS output of the same forward pass
            double gamma = rmsOutput(net, x);
            assertEquals(gamma, v.gamma(), 1e-9 * gamma);
            assertEquals(v.get(Measure.PATH_L2) / (gamma * gamma), v.get(Measure.PATH_L2_OUT), 1e-9 * v.get(Measure.PATH_L2_OUT));
        }
    }

    @Test
    void fisherRaoIsTwiceTheResidualTimesTheOutputByHomogeneity() {
        // relu networks are 2-homogeneous in theta: <theta, grad_theta f> = 2 f, so <theta, grad l> = 2 (f - y) f
        Network net = network(6, 5, 3, Scaling.PLAIN);
        SplittableRandom rng = new SplittableRandom(7);
        Matrix x = Fixtures.gaussian(rng, 20, 3, 1);
        double[] y = Fixtures.gaussian(rng, 20, 1);
        double sum = 0;
        for (int r = 0; r < 20; r++) {
            double f = output(net, x.row(r));
            sum += sq(2 * (f - y[r]) * f);
        }
        double expected = 4 * sum / 20;
        double got = ComplexityMeasures.compute(new MeasureInputs(net, null, x, y), new CpuBackend(Precision.F64)).get(Measure.FISHER_RAO);
        assertEquals(expected, got, 1e-10 * expected);
    }

    @Test
    void aZeroOutputLeavesTheNormalisedMeasuresUndefined() {
        Network net = new Network(Matrix.of(new double[]{1, 0}, new double[]{0, 1}), new double[]{0, 0}, Scaling.PLAIN, Activation.RELU);
        Matrix x = Matrix.of(new double[]{1, 1}, new double[]{-1, 2});
        MeasureValues v = ComplexityMeasures.compute(new MeasureInputs(net, null, x, new double[]{1, 2}), new CpuBackend(Precision.F64));
        assertEquals(0, v.gamma());
        assertFalse(v.has(Measure.PATH_L2_OUT));
        assertEquals(0, v.get(Measure.SPECTRAL_BFT));
        assertTrue(v.has(Measure.FISHER_RAO));
    }

    private static double output(Network net, double[] x) {
        double f = 0;
        for (int i = 0; i < net.width(); i++) {
            double z = 0;
            for (int t = 0; t < x.length; t++) {
                z += net.w().get(i, t) * x[t];
            }
            f += net.a()[i] * Math.max(z, 0);
        }
        return net.scale() * f;
    }

    private static double loss(Network net, double[] x, double y) {
        return 0.5 * sq(output(net, x) - y);
    }

    private static double rmsOutput(Network net, Matrix x) {
        double s = 0;
        for (int r = 0; r < x.rows(); r++) {
            s += sq(output(net, x.row(r)));
        }
        return Math.sqrt(s / x.rows());
    }

    private static double sq(double v) {
        return v * v;
    }
}
