package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProjectionMethod;
import dev.barron.math.PathNorms;
import dev.barron.math.StableAngle;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.Rng;

/**
 * The pieces every random-features experiment shares (docs/MATH.md section 12.1): the target, the
 * sample (the erm fit's, so that a network trained by {@link ErmFit} sees the same rows), the
 * first layer drawn from mu, the design matrix through the backend's batched hidden layer, and the
 * fitted function as a mean-field network.
 *
 * <p>Scaling: f_a(x) = (1/m) sum_j a_j relu(w_j . x), ||f_a||_{F_p} = ||a||_{L^p(mu_m)} =
 * ((1/m) sum_j |a_j|^p)^(1/p). With c = m^(-1/p) a, f_a(x) = m^(1/p - 1) sum_j c_j relu(w_j . x), so
 * the fits solve min (1/n) ||Z c - y||^2 + lambda ||c||_p^p over the design
 * Z = m^(1/p - 1) relu(X W^T), and ||c||_p^p = ||a||_{L^p(mu_m)}^p: p = 2 scales the features by
 * 1/sqrt(m) (Z Z^T is the empirical arc-cosine kernel), p = 1 leaves them as they are.
 */
public final class RandomFeatures {

    private static final long FEATURE_KEY = 0x6665617475L;
    private static final long TARGET_KEY = 0x6E6575726FL;

    private RandomFeatures() {
    }

    /** f* = (1/k) sum_j relu(v_j . x), v_j uniform on the unit sphere: a point of the Barron ball of radius 1. */
    public static Teacher target(int k, int d, long seed) {
        double[] v = new double[k * d];
        Rng.stream(seed, TARGET_KEY).gaussians(v);
        for (int j = 0; j < k; j++) {
            double norm = StableAngle.norm(v, j * d, d);
            for (int t = 0; t < d; t++) {
                v[j * d + t] /= norm;
            }
        }
        double[] b = new double[k];
        java.util.Arrays.fill(b, 1.0 / k);
        return new Teacher(new Matrix(k, d, v), b);
    }

    /** The erm fit of c's problem: the sample it draws is the one every method of c sees. */
    public static ErmConfig ermConfig(RfmConfig c, Teacher target) {
        ErmTarget given = new ErmTarget.Given(target);
        return new ErmConfig(c.d(), c.m(), c.n(), InputDistribution.GAUSSIAN, given, c.noise(),
                c.radiusFactor() * given.pathNorm(), ProjectionMethod.PROX_BISECTION, Scaling.PLAIN, 0, 1.0, c.steps(),
                1e-4, 0.5, c.seed(), 1, 20, null);
    }

    /** The first layer, m x d, drawn from mu by the seed's feature stream. */
    public static Matrix firstLayer(FeatureDistribution mu, int m, int d, long seed) {
        return mu.draw(m, d, Rng.stream(seed, FEATURE_KEY));
    }

    /** Z = m^(1/p - 1) relu(X W^T), n x m row-major, by the backend's batched hidden layer. */
    public static double[] design(Backend backend, Matrix x, Matrix w, double p) {
        double[] h = backend.hidden(x, new Network(w, new double[w.rows()], Scaling.PLAIN, Activation.RELU)).data().clone();
        double s = Math.pow(w.rows(), 1 / p - 1);
        for (int i = 0; i < h.length; i++) {
            h[i] *= s;
        }
        return h;
    }

    /** f_a with a = m^(1/p) c, as a mean-field network (for the closed-form excess risk). */
    public static Network network(Matrix w, double[] c, double p) {
        double s = Math.pow(w.rows(), 1 / p);
        double[] a = new double[c.length];
        for (int j = 0; j < c.length; j++) {
            a[j] = s * c[j];
        }
        return new Network(w, a, Scaling.MEAN_FIELD, Activation.RELU);
    }

    /** The mean-field path norm (1/m) sum_j |a_j| ||w_j||_1 of f_a, comparable with the network's. */
    public static double pathNorm(Network f) {
        return PathNorms.l1(f);
    }

    /** (1/n) ||Z c - y||^2. */
    public static double risk(double[] z, int n, int m, double[] y, double[] c) {
        double[] f = dev.barron.math.RidgeRegression.times(z, n, m, c);
        double s = 0;
        for (int r = 0; r < n; r++) {
            double e = f[r] - y[r];
            s += e * e;
        }
        return s / n;
    }

    /** Rows [from, to) of a row-major matrix of cols columns. */
    public static double[] rows(double[] a, int cols, int from, int to) {
        return java.util.Arrays.copyOfRange(a, from * cols, to * cols);
    }
}
