package dev.barron.backend.opencl;

import dev.barron.backend.Backend;
import dev.barron.backend.ProxResult;
import dev.barron.model.Activation;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device prox against brute force: for a fixed outer weight a the problem in w is separable
 * and convex (soft thresholding at lambda |a|), so the prox objective is a one-dimensional
 * function of a, minimised here on a fine grid refined by golden section. No sorting, no
 * candidate list: an oracle independent of the algorithm of docs/MATH.md section 5.1.
 */
class OpenClProxTest {

    private static Backend cl;

    @BeforeAll
    static void open() {
        cl = OpenClTestSupport.open(Precision.F64);
    }

    @AfterAll
    static void close() {
        if (cl != null) {
            cl.close();
        }
    }

    private static double objectiveAt(double a, double a0, double[] w0, double lambda) {
        double obj = 0.5 * (a - a0) * (a - a0);
        double shift = lambda * Math.abs(a);
        for (double v : w0) {
            double mag = Math.max(Math.abs(v) - shift, 0);
            obj += 0.5 * (mag - Math.abs(v)) * (mag - Math.abs(v)) + shift * mag;
        }
        return obj;
    }

    private static double bruteForce(double a0, double[] w0, double lambda) {
        double top = Math.abs(a0);
        int grid = 4000;
        double best = Double.POSITIVE_INFINITY;
        int at = 0;
        for (int g = 0; g <= grid; g++) {
            double v = objectiveAt(Math.copySign(top * g / grid, a0), a0, w0, lambda);
            if (v < best) {
                best = v;
                at = g;
            }
        }
        double lo = top * Math.max(0, at - 1) / grid;
        double hi = top * Math.min(grid, at + 1) / grid;
        double r = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 100; it++) {
            double x1 = hi - r * (hi - lo);
            double x2 = lo + r * (hi - lo);
            if (objectiveAt(Math.copySign(x1, a0), a0, w0, lambda) < objectiveAt(Math.copySign(x2, a0), a0, w0, lambda)) {
                hi = x2;
            } else {
                lo = x1;
            }
        }
        return Math.min(best, objectiveAt(Math.copySign(0.5 * (lo + hi), a0), a0, w0, lambda));
    }

    @ParameterizedTest(name = "d={0} lambda={1}")
    @CsvSource({"1, 0.3", "2, 0.05", "2, 0.9", "5, 0.3", "30, 0.1", "30, 0.6", "200, 0.02"})
    void proxMatchesBruteForceNeuronByNeuron(int d, double lambda) {
        Random rng = new Random(d * 1000L + (long) (lambda * 100));
        int m = 40;
        Network net = OpenClTestSupport.network(rng, m, d, Scaling.PLAIN, Activation.RELU);
        ProxResult r = cl.pathNormProx(net, lambda);
        double total = 0;
        for (int i = 0; i < m; i++) {
            double brute = bruteForce(net.a()[i], net.w().row(i), lambda);
            double[] w = r.network().w().row(i);
            double a = r.network().a()[i];
            double reached = 0.5 * (a - net.a()[i]) * (a - net.a()[i]);
            double l1 = 0;
            for (int t = 0; t < d; t++) {
                reached += 0.5 * (w[t] - net.w().get(i, t)) * (w[t] - net.w().get(i, t));
                l1 += Math.abs(w[t]);
            }
            reached += lambda * Math.abs(a) * l1;
            assertTrue(reached <= brute + 1e-12, "neuron " + i + ": prox objective " + reached + " > brute force " + brute);
            assertTrue(reached >= brute - 1e-9, "neuron " + i + ": brute force " + brute + " beats the exact prox " + reached);
            total += reached;
        }
        assertEquals(total, r.objective(), 1e-12 * Math.max(1, total), "reported objective");
        assertEquals(ScalarOracle.pathNorm(r.network()), r.pathNormL1(), 1e-12 * Math.max(1, r.pathNormL1()));
    }
}
