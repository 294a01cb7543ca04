package dev.barron.math;

import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Network;
import dev.barron.model.Teacher;

/**
 * The closed-form Hessian of the ReLU population loss in the first layer W (outer weights held
 * fixed, as in the Safran-Shamir protocol), derived from g(w, v) = grad_w kappa(w, v):
 *
 * <pre>
 *   D(w, v) = d/dw g(w, v) = |v| / (2 pi |w|) * (sin(t) P_w + (e - cos(t) u)(e - cos(t) u)^T / sin(t))
 *   M(w, v) = d/dv g(w, v) = ((pi - t) I + (e u^T + u e^T - cos(t) (u u^T + e e^T)) / sin(t)) / (2 pi)
 * </pre>
 * with u = w/|w|, e = v/|v|, t = angle(w, v), P_w = I - u u^T (both terms over sin t vanish as
 * t -&gt; 0 or pi, and are taken as 0 there). Then
 * <pre>
 *   d2L / dw_i dw_i' = s^2 a_i a_i' M(w_i, w_i')                       (i != i')
 *   d2L / dw_i^2     = s^2 a_i^2 I / 2 + s^2 a_i sum_{i' != i} a_i' D(w_i, w_i') - s a_i sum_j b_j D(w_i, v_j)
 * </pre>
 * D is E[delta(w.x) relu(v.x) x x^T] and M is E[1{w.x &gt; 0} 1{v.x &gt; 0} x x^T], both symmetric.
 * Storage: one row-major (md) x (md) array, index (i d + p) (i' d + q).
 */
public final class PopulationHessian {

    private static final double TWO_PI = 2 * Math.PI;

    private PopulationHessian() {
    }

    /** The md x md Hessian in W, row-major, row and column index i * d + t. */
    public static double[] inW(Network net, Teacher teacher) {
        if (net.activation() != Activation.RELU) {
            throw Check.bad("activation", net.activation().label(), "the closed-form Hessian is derived for relu only");
        }
        int m = net.width();
        int d = net.inputDim();
        int n = m * d;
        double s = net.scale();
        double[] a = net.a();
        double[] h = new double[n * n];
        for (int i = 0; i < m; i++) {
            double[] wi = net.w().row(i);
            addScaledIdentity(h, n, i, d, s * s * a[i] * a[i] / 2);
            for (int i2 = 0; i2 < m; i2++) {
                if (i2 == i) {
                    continue;
                }
                double[] w2 = net.w().row(i2);
                addBlock(h, n, i, i, d, s * s * a[i] * a[i2], selfCurvature(wi, w2));
                addBlock(h, n, i, i2, d, s * s * a[i] * a[i2], mixedCurvature(wi, w2));
            }
            for (int j = 0; j < teacher.size(); j++) {
                addBlock(h, n, i, i, d, -s * a[i] * teacher.b()[j], selfCurvature(wi, teacher.v().row(j)));
            }
        }
        return h;
    }

    /**
     * The smallest eigenvalue of the (symmetric) Hessian in W, from {@link SymmetricEigen}.
     *
     * @throws IllegalArgumentException when the Hessian has a non-finite entry
     */
    public static SymmetricEigen.Spectrum smallestEigenvalue(Network net, Teacher teacher) {
        return SymmetricEigen.smallest(inW(net, teacher), net.width() * net.inputDim());
    }

    /** D(w, v) = d/dw g(w, v), d x d row-major. */
    static double[] selfCurvature(double[] w, double[] v) {
        int d = w.length;
        double nw = StableAngle.norm(w, 0, d);
        double nv = StableAngle.norm(v, 0, d);
        double[] out = new double[d * d];
        if (nw == 0 || nv == 0) {
            return out;
        }
        double t = StableAngle.between(w, v);
        double sin = Math.sin(t);
        double cos = Math.cos(t);
        double c = nv / (TWO_PI * nw);
        double[] r = new double[d];
        for (int p = 0; p < d; p++) {
            r[p] = v[p] / nv - cos * w[p] / nw;
        }
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double proj = (p == q ? 1 : 0) - (w[p] / nw) * (w[q] / nw);
                double rank1 = sin == 0 ? 0 : r[p] * r[q] / sin;
                out[p * d + q] = c * (sin * proj + rank1);
            }
        }
        return out;
    }

    /** M(w, v) = d/dv g(w, v), d x d row-major. */
    static double[] mixedCurvature(double[] w, double[] v) {
        int d = w.length;
        double nw = StableAngle.norm(w, 0, d);
        double nv = StableAngle.norm(v, 0, d);
        double t = nw == 0 || nv == 0 ? Math.PI / 2 : StableAngle.between(w, v);
        double sin = Math.sin(t);
        double cos = Math.cos(t);
        double[] out = new double[d * d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double x = p == q ? Math.PI - t : 0;
                if (sin != 0 && nw != 0 && nv != 0) {
                    double up = w[p] / nw;
                    double uq = w[q] / nw;
                    double ep = v[p] / nv;
                    double eq = v[q] / nv;
                    x += (ep * uq + up * eq - cos * (up * uq + ep * eq)) / sin;
                }
                out[p * d + q] = x / TWO_PI;
            }
        }
        return out;
    }

    private static void addScaledIdentity(double[] h, int n, int i, int d, double c) {
        for (int p = 0; p < d; p++) {
            h[(i * d + p) * n + i * d + p] += c;
        }
    }

    private static void addBlock(double[] h, int n, int i, int i2, int d, double c, double[] block) {
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                h[(i * d + p) * n + i2 * d + q] += c * block[p * d + q];
            }
        }
    }
}
