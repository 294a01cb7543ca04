package dev.barron.measures;

import dev.barron.backend.Backend;
import dev.barron.backend.LossGradient;
import dev.barron.math.CompensatedSum;
import dev.barron.math.PathNorms;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every {@link Measure} of a two-layer network (docs/MATH.md section 10). The layer matrices are
 * A_1 = W and A_2 = s a^T; A_2 is a row, so its spectral norm, Frobenius norm and (2,1) norm are
 * all s ||a||_2 (or s ||a - a0||_2). Only ||W||_2 needs an iterative method ({@link SpectralNorm}).
 * The data-dependent pieces (outputs, per-sample gradients) go through the {@link Backend}, so any
 * backend computes them.
 */
public final class ComplexityMeasures {

    /** L + 1 in Liang et al.'s Fisher-Rao norm: the number of weight layers. */
    static final int LAYERS = 2;

    private ComplexityMeasures() {
    }

    public static MeasureValues compute(MeasureInputs in, Backend backend) {
        Network net = in.net();
        double s = net.scale();
        Map<Measure, Double> v = new EnumMap<>(Measure.class);
        SpectralNorm.Result top = SpectralNorm.compute(net.w());
        double sigma1 = top.sigma();
        double sigma2 = s * norm(net.a());
        v.put(Measure.PARAMS, (double) net.width() * net.inputDim() + net.width());
        double frob1 = squaredNorm(net.w().data());
        double frob2 = sigma2 * sigma2;
        v.put(Measure.FROBENIUS, frob1 + frob2);
        v.put(Measure.SPECTRAL_BFT, bft(sigma1, sigma2, rowNormSum(net.w(), null), sigma2));
        v.put(Measure.SPEC_ORIG, jiangSpectral(sigma1, sigma2, frob1, frob2));
        v.put(Measure.PATH_L2, s * s * PathNorms.l2(net));
        v.put(Measure.PATH_L1, PathNorms.l1(net));
        if (in.hasInit()) {
            Network init = in.init();
            double dist1 = squaredDistance(net.w().data(), init.w().data());
            double dist2 = s * s * squaredDistance(net.a(), init.a());
            v.put(Measure.DIST_INIT, dist1 + dist2);
            v.put(Measure.SPECTRAL_BFT_INIT, bft(sigma1, sigma2, rowNormSum(net.w(), init.w()), Math.sqrt(dist2)));
            v.put(Measure.SPEC_INIT, jiangSpectral(sigma1, sigma2, dist1, dist2));
        }
        double gamma = Double.NaN;
        if (in.hasData()) {
            v.put(Measure.FISHER_RAO, fisherRao(in, backend));
            gamma = rms(backend.forward(in.x(), net));
            if (gamma > 0) {
                normalise(v, gamma);
            }
        }
        return new MeasureValues(v, top, gamma);
    }

    private static void normalise(Map<Measure, Double> v, double gamma) {
        double g2 = gamma * gamma;
        v.put(Measure.SPECTRAL_BFT_OUT, v.get(Measure.SPECTRAL_BFT) / gamma);
        v.put(Measure.SPEC_ORIG_OUT, v.get(Measure.SPEC_ORIG) / g2);
        v.put(Measure.PATH_L2_OUT, v.get(Measure.PATH_L2) / g2);
        v.put(Measure.PATH_L1_OUT, v.get(Measure.PATH_L1) / gamma);
        if (v.containsKey(Measure.SPEC_INIT)) {
            v.put(Measure.SPEC_INIT_OUT, v.get(Measure.SPEC_INIT) / g2);
        }
    }

    /**
     * Bartlett, Foster and Telgarsky (2017), the spectral complexity R_A of their Theorem 1.1 with rho_l = 1 (relu is 1-Lipschitz):
     * prod_l ||A_l||_2 * (sum_l (||A_l^T - M_l^T||_{2,1} / ||A_l||_2)^(2/3))^(3/2). A layer with
     * ||A_l||_2 = 0 makes the product 0 (the network is the zero function).
     */
    static double bft(double sigma1, double sigma2, double twoOne1, double twoOne2) {
        if (sigma1 == 0 || sigma2 == 0) {
            return 0;
        }
        double sum = Math.cbrt(sq(twoOne1 / sigma1)) + Math.cbrt(sq(twoOne2 / sigma2));
        return sigma1 * sigma2 * Math.pow(sum, 1.5);
    }

    /** Jiang et al. (2020), their spec-orig and spec-init without margin and log factors: prod_l ||A_l||_2^2 * sum_l F_l / ||A_l||_2^2 with F_l a squared Frobenius norm. */
    static double jiangSpectral(double sigma1, double sigma2, double f1, double f2) {
        if (sigma1 == 0 || sigma2 == 0) {
            return 0;
        }
        return sq(sigma1) * sq(sigma2) * (f1 / sq(sigma1) + f2 / sq(sigma2));
    }

    /**
     * (L+1)^2 / n * sum_r <theta, grad_theta l_r>^2 with l_r = (f(x_r) - y_r)^2 / 2, the gradient
     * of each sample from the backend (a batch of one). theta = (W, a): the inner product is the
     * same for (A_1, A_2) = (W, s a^T), since grad_{A_2} = grad_a / s.
     */
    static double fisherRao(MeasureInputs in, Backend backend) {
        Network net = in.net();
        Matrix x = in.x();
        int n = x.rows();
        int d = x.cols();
        CompensatedSum sum = new CompensatedSum();
        for (int r = 0; r < n; r++) {
            double[] xr = new double[d];
            System.arraycopy(x.data(), r * d, xr, 0, d);
            LossGradient g = backend.empiricalLossAndGradient(new Matrix(1, d, xr), new double[]{in.y()[r]}, net);
            double inner = dot(net.w().data(), g.gradW().data()) + dot(net.a(), g.gradA());
            sum.add(inner * inner);
        }
        return LAYERS * LAYERS * sum.value() / n;
    }

    /** sum_i ||w_i - m_i||_2 = ||W^T - M^T||_{2,1} (M = null: 0). */
    static double rowNormSum(Matrix w, Matrix m) {
        int d = w.cols();
        double total = 0;
        for (int i = 0; i < w.rows(); i++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                double e = w.data()[i * d + c] - (m == null ? 0 : m.data()[i * d + c]);
                s += e * e;
            }
            total += Math.sqrt(s);
        }
        return total;
    }

    static double rms(double[] f) {
        return Math.sqrt(squaredNorm(f) / f.length);
    }

    private static double squaredDistance(double[] x, double[] y) {
        CompensatedSum s = new CompensatedSum();
        for (int i = 0; i < x.length; i++) {
            s.add(sq(x[i] - y[i]));
        }
        return s.value();
    }

    private static double squaredNorm(double[] x) {
        CompensatedSum s = new CompensatedSum();
        for (double v : x) {
            s.add(v * v);
        }
        return s.value();
    }

    private static double norm(double[] x) {
        return Math.sqrt(squaredNorm(x));
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double sq(double x) {
        return x * x;
    }
}
