package dev.barron.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.barron.math.GaussianKernel;
import dev.barron.model.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** VectorReluTerms against GaussianKernel.evaluate for relu, bit for bit, zero norms and scalar tails included. */
class VectorReluTermsTest {

    @Test
    void theTriplesAreTheScalarKernels() {
        SplittableRandom rng = new SplittableRandom(31);
        double[] triple = new double[3];
        for (int round = 0; round < 3000; round++) {
            int count = 1 + rng.nextInt(60);
            double normW = round % 50 == 0 ? 0 : Math.scalb(0.5 + rng.nextDouble(), rng.nextInt(-3, 4));
            double[] normsV = new double[count + 4];
            double[] theta = new double[count + 7];
            double[] cos = new double[count];
            double[] sin = new double[count];
            for (int q = 0; q < count; q++) {
                normsV[q + 4] = rng.nextInt(20) == 0 ? 0 : Math.scalb(0.5 + rng.nextDouble(), rng.nextInt(-3, 4));
                double t = rng.nextInt(30) == 0 ? (rng.nextBoolean() ? 0 : Math.PI) : Math.PI * rng.nextDouble();
                theta[q + 7] = t;
                cos[q] = Math.cos(t);
                sin[q] = Math.sin(t);
            }
            double[] kappa = new double[count];
            double[] alpha = new double[count];
            double[] beta = new double[count];
            VectorReluTerms.row(normW, normsV, 4, theta, 7, cos, sin, count, kappa, alpha, beta);
            for (int q = 0; q < count; q++) {
                GaussianKernel.evaluate(Activation.RELU, normW, normsV[q + 4], theta[q + 7], cos[q], sin[q], triple, 0);
                String at = "pair " + q + " of " + count + ", |w| = " + normW + ", |v| = " + normsV[q + 4];
                assertEquals(Double.doubleToRawLongBits(triple[GaussianKernel.KAPPA]), Double.doubleToRawLongBits(kappa[q]), "kappa, " + at);
                assertEquals(Double.doubleToRawLongBits(triple[GaussianKernel.ALPHA]), Double.doubleToRawLongBits(alpha[q]), "alpha, " + at);
                assertEquals(Double.doubleToRawLongBits(triple[GaussianKernel.BETA]), Double.doubleToRawLongBits(beta[q]), "beta, " + at);
            }
        }
    }
}
