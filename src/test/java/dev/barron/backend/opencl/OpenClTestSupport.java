package dev.barron.backend.opencl;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.Random;

/** Opens the OpenCL backend for tests: skips without a platform, but fails under CI=true. */
final class OpenClTestSupport {

    private OpenClTestSupport() {
    }

    static void requirePlatform() {
        String reason = new OpenClProvider().unavailableReason();
        if (reason != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but the OpenCL backend is unavailable: " + reason);
            }
            Assumptions.abort("OpenCL backend unavailable: " + reason);
        }
    }

    static Backend open(Precision precision) {
        requirePlatform();
        return new OpenClProvider().create(BackendOptions.of(precision));
    }

    static Matrix gaussian(Random rng, int rows, int cols, double scale) {
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = scale * rng.nextGaussian();
        }
        return new Matrix(rows, cols, x);
    }

    static double[] gaussian(Random rng, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * rng.nextGaussian();
        }
        return x;
    }

    static Network network(Random rng, int m, int d, Scaling scaling, Activation act) {
        return new Network(gaussian(rng, m, d, 1 / Math.sqrt(d)), gaussian(rng, m, 1), scaling, act);
    }

    static Teacher teacher(Random rng, int k, int d) {
        return new Teacher(gaussian(rng, k, d, 1 / Math.sqrt(d)), gaussian(rng, k, 1));
    }

    /** max |x - y| / (scale + max |y|). */
    static double relErr(double[] x, double[] y) {
        Assertions.assertEquals(y.length, x.length, "length");
        double worst = 0;
        double big = 0;
        for (double v : y) {
            big = Math.max(big, Math.abs(v));
        }
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]));
        }
        return big == 0 ? worst : worst / big;
    }
}
