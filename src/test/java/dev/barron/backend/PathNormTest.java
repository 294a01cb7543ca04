package dev.barron.backend;

import dev.barron.math.Balancing;
import dev.barron.math.NeuronProx;
import dev.barron.math.PathNorms;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prox of all neurons and the three projections onto {||theta||_P <= R}. */
class PathNormTest {

    private static double tol(Backend b) {
        return b.precision() == Precision.F64 ? 1e-12 : 1e-5;
    }

    /** Each neuron of the backend prox is at least as good as brute force at lambda * s. */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void proxIsOptimalNeuronByNeuron(Backend backend) {
        SplittableRandom rng = new SplittableRandom(41);
        for (Scaling scaling : Scaling.values()) {
            Network net = Fixtures.network(rng, 12, 4, scaling, Activation.RELU);
            for (double lambda : new double[]{0, 0.05, 0.3, 0.8 / net.scale()}) {
                ProxResult r = backend.pathNormProx(net, lambda);
                double effective = lambda * net.scale();
                double total = 0;
                for (int i = 0; i < net.width(); i++) {
                    double[] w0 = net.w().row(i);
                    double at = NeuronProx.objective(effective, net.a()[i], w0, r.network().a()[i], r.network().w().row(i));
                    double brute = dev.barron.testing.ProxBruteForce.minimum(effective, net.a()[i], w0);
                    assertTrue(at <= brute + tol(backend), scaling + " lambda " + lambda + " neuron " + i);
                    total += at;
                }
                assertEquals(total, r.objective(), tol(backend) * (1 + total));
                assertEquals(PathNorms.l1(r.network()), r.pathNormL1(), tol(backend) * (1 + r.pathNormL1()));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> backend.pathNormProx(Fixtures.network(rng, 2, 2,
                Scaling.PLAIN, Activation.RELU), -0.1));
    }

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void projectionsAreFeasibleAndMonotoneInTheRadius(Backend backend) {
        SplittableRandom rng = new SplittableRandom(43);
        for (Scaling scaling : Scaling.values()) {
            Network net = Fixtures.network(rng, 10, 5, scaling, Activation.RELU);
            double norm = PathNorms.l1(net);
            for (ProjectionMethod method : ProjectionMethod.values()) {
                double previous = -1;
                for (double fraction : new double[]{0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0, 1.5}) {
                    double radius = fraction * norm;
                    ProjectionResult r = backend.pathNormProject(net, radius, method);
                    String label = method + " " + scaling + " R = " + fraction + " P";
                    assertTrue(r.pathNormL1() <= radius, label + ": reached " + r.pathNormL1());
                    assertEquals(PathNorms.l1(r.network()), r.pathNormL1(), tol(backend) * (1 + norm), label);
                    assertEquals(distance(net, r.network()), r.distance(), tol(backend) * (1 + r.distance()), label);
                    assertTrue(r.pathNormL1() >= previous - tol(backend) * norm, label + ": not monotone");
                    previous = r.pathNormL1();
                    if (fraction >= 1) {
                        assertEquals(0, r.distance(), 0, label + ": feasible input must not move");
                    }
                    if (method == ProjectionMethod.RESCALE || method == ProjectionMethod.L1_OUTER) {
                        assertEquals(Math.min(radius, norm), r.pathNormL1(), 1e-6 * norm, label + ": reaches R");
                    }
                }
            }
            assertThrows(IllegalArgumentException.class,
                    () -> backend.pathNormProject(net, -1, ProjectionMethod.RESCALE));
        }
    }

    /** The smallest feasible lambda: a slightly smaller lambda gives an infeasible prox. */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void bisectionFindsTheSmallestFeasibleLambda(Backend backend) {
        SplittableRandom rng = new SplittableRandom(47);
        Network net = Fixtures.network(rng, 8, 6, Scaling.MEAN_FIELD, Activation.RELU);
        double radius = 0.4 * PathNorms.l1(net);
        ProjectionResult r = backend.pathNormProject(net, radius, ProjectionMethod.PROX_BISECTION);
        assertTrue(r.lambda() > 0);
        ProxResult below = backend.pathNormProx(net, r.lambda() * (1 - 1e-6));
        assertTrue(below.pathNormL1() > radius, "prox below the lambda found is feasible: " + below.pathNormL1());
        ProxResult at = backend.pathNormProx(net, r.lambda());
        assertArrayEquals(at.network().a(), r.network().a(), tol(backend));
    }

    /**
     * Rescaling neurons (a_i, w_i) -> (c_i a_i, w_i / c_i) changes neither f nor the path norm;
     * rescale and l1-outer projections must then give the same function and norm (l1-outer the
     * same parameters, since it balances first).
     */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void projectionsAreInvariantToNeuronRescaling(Backend backend) {
        SplittableRandom rng = new SplittableRandom(53);
        Network net = Fixtures.network(rng, 7, 4, Scaling.PLAIN, Activation.RELU);
        Network rescaled = rescaleNeurons(net, rng);
        Matrix x = Fixtures.gaussian(rng, 50, 4, 1.0);
        double radius = 0.3 * PathNorms.l1(net);
        for (ProjectionMethod method : new ProjectionMethod[]{ProjectionMethod.RESCALE, ProjectionMethod.L1_OUTER}) {
            ProjectionResult p = backend.pathNormProject(net, radius, method);
            ProjectionResult q = backend.pathNormProject(rescaled, radius, method);
            assertEquals(p.pathNormL1(), q.pathNormL1(), 1e3 * tol(backend) * radius, method.toString());
            assertArrayEquals(backend.forward(x, p.network()), backend.forward(x, q.network()), 1e3 * tol(backend),
                    method.toString());
            if (method == ProjectionMethod.L1_OUTER) {
                assertArrayEquals(p.network().w().data(), q.network().w().data(), 1e3 * tol(backend));
                assertArrayEquals(p.network().a(), q.network().a(), 1e3 * tol(backend));
                for (int i = 0; i < 7; i++) {
                    assertEquals(1, PathNorms.l1Row(p.network().w().data(), i * 4, 4), 1e3 * tol(backend));
                }
            }
        }
        Network step = new Network(net.w(), net.a(), Scaling.PLAIN, Activation.STEP);
        assertThrows(IllegalArgumentException.class, () -> backend.pathNormProject(step, 0.1, ProjectionMethod.L1_OUTER));
    }

    /** Balancing leaves f (forward outputs) and both path norms unchanged, and balances. */
    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void balancingLeavesTheFunctionUnchanged(Backend backend) {
        SplittableRandom rng = new SplittableRandom(59);
        for (Scaling scaling : Scaling.values()) {
            Network net = Fixtures.network(rng, 6, 3, scaling, Activation.RELU);
            double[] a = net.a().clone();
            a[2] = 0;
            double[] w = net.w().data().clone();
            java.util.Arrays.fill(w, 12, 15, 0.0);
            net = net.withWeights(new Matrix(6, 3, w), a);
            Matrix x = Fixtures.gaussian(rng, 40, 3, 1.0);
            double[] f = backend.forward(x, net);
            for (boolean l1 : new boolean[]{true, false}) {
                Network b = l1 ? Balancing.l1(net) : Balancing.l2(net);
                assertArrayEquals(f, backend.forward(x, b), 1e2 * tol(backend));
                assertEquals(PathNorms.l1(net), PathNorms.l1(b), 1e-12 * PathNorms.l1(net));
                assertEquals(PathNorms.l2(net), PathNorms.l2(b), 1e-12 * PathNorms.l2(net));
                for (int i = 0; i < 6; i++) {
                    double n = l1 ? PathNorms.l1Row(b.w().data(), i * 3, 3)
                            : dev.barron.math.StableAngle.norm(b.w().data(), i * 3, 3);
                    if (i == 2 || i == 4) {
                        assertArrayEquals(net.w().row(i), b.w().row(i), 0, "a = 0 or w = 0: unchanged");
                        assertEquals(net.a()[i], b.a()[i], 0);
                    } else {
                        assertEquals(n, Math.abs(b.a()[i]), 1e-12 * n);
                    }
                }
            }
        }
        Network step = Fixtures.network(rng, 2, 2, Scaling.PLAIN, Activation.STEP);
        assertThrows(IllegalArgumentException.class, () -> Balancing.l1(step));
        Network same = Fixtures.network(rng, 2, 2, Scaling.PLAIN, Activation.RELU);
        ProjectionResult feasible = backend.pathNormProject(same, 1e9, ProjectionMethod.PROX_BISECTION);
        assertEquals(0, feasible.distance(), 0);
        assertArrayEquals(same.w().data(), feasible.network().w().data(), backend.precision().epsilon() * 4);
        assertArrayEquals(same.a(), feasible.network().a(), backend.precision().epsilon() * 4);
    }

    private static Network rescaleNeurons(Network net, SplittableRandom rng) {
        int m = net.width();
        int d = net.inputDim();
        double[] w = net.w().data().clone();
        double[] a = net.a().clone();
        for (int i = 0; i < m; i++) {
            double c = Math.exp(rng.nextGaussian());
            a[i] *= c;
            for (int t = 0; t < d; t++) {
                w[i * d + t] /= c;
            }
        }
        return net.withWeights(new Matrix(m, d, w), a);
    }

    private static double distance(Network x, Network y) {
        double s = 0;
        for (int t = 0; t < x.w().data().length; t++) {
            double e = x.w().data()[t] - y.w().data()[t];
            s += e * e;
        }
        for (int i = 0; i < x.a().length; i++) {
            double e = x.a()[i] - y.a()[i];
            s += e * e;
        }
        return Math.sqrt(s);
    }
}
