package dev.barron.backend.cpu;

import dev.barron.math.GaussianKernel;
import dev.barron.model.Activation;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The relu triple of {@link GaussianKernel#evaluate} (kappa = |w||v| (sin + (pi - theta) cos) / 2 pi,
 * alpha = |v| sin / (2 pi |w|), beta = (pi - theta) / 2 pi; all 0 for a zero v, alpha 0 for a
 * zero w) for a row of pairs (w, v_q) across the lanes of a vector: the same operations in the
 * same order, so bit for bit the scalar triple (VectorReluTermsTest). The row sums that use
 * them stay scalar, in index order, as the single-run path has always formed them.
 */
final class VectorReluTerms {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double INV_2PI = 1.0 / (2.0 * Math.PI);

    private VectorReluTerms() {
    }

    /**
     * For q in [0, count): the triple of (w, v_q) with |w| = normW, |v_q| = normsV[normAt + q],
     * theta[thetaAt + q], cos[q], sin[q], into kappa[q], alpha[q], beta[q].
     */
    static void row(double normW, double[] normsV, int normAt, double[] theta, int thetaAt, double[] cos,
                    double[] sin, int count, double[] kappa, double[] alpha, double[] beta) {
        int whole = S.loopBound(count);
        for (int q = 0; q < whole; q += S.length()) {
            DoubleVector normV = DoubleVector.fromArray(S, normsV, normAt + q);
            DoubleVector s = DoubleVector.fromArray(S, sin, q);
            DoubleVector piMinus = DoubleVector.broadcast(S, Math.PI).sub(DoubleVector.fromArray(S, theta, thetaAt + q));
            VectorMask<Double> zero = normV.compare(VectorOperators.EQ, 0.0);
            normV.mul(normW).mul(s.add(piMinus.mul(DoubleVector.fromArray(S, cos, q)))).mul(INV_2PI)
                    .blend(0.0, zero).intoArray(kappa, q);
            DoubleVector a = normW == 0 ? DoubleVector.zero(S) : normV.mul(s).mul(INV_2PI).div(normW);
            a.blend(0.0, zero).intoArray(alpha, q);
            piMinus.mul(INV_2PI).blend(0.0, zero).intoArray(beta, q);
        }
        double[] triple = new double[3];
        for (int q = whole; q < count; q++) {
            GaussianKernel.evaluate(Activation.RELU, normW, normsV[normAt + q], theta[thetaAt + q], cos[q], sin[q],
                    triple, 0);
            kappa[q] = triple[GaussianKernel.KAPPA];
            alpha[q] = triple[GaussianKernel.ALPHA];
            beta[q] = triple[GaussianKernel.BETA];
        }
    }
}
