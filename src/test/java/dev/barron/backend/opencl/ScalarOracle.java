package dev.barron.backend.opencl;

import dev.barron.math.GaussianKernel;
import dev.barron.math.StableAngle;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Teacher;

/**
 * Straight loops over the scalar closed forms of dev.barron.math and over samples: the oracle
 * the kernels are tested against (no Gram matrices, no coefficient matrices, no reductions).
 * Angles always use StableAngle.direct, an independent route from the kernels' Gram rule.
 */
final class ScalarOracle {

    private ScalarOracle() {
    }

    private static double[] triple(Network net, double[] w, double[] v) {
        double[] out = new double[3];
        double nw = StableAngle.norm(w, 0, w.length);
        double nv = StableAngle.norm(v, 0, v.length);
        double th = StableAngle.direct(w, 0, nw, v, 0, nv, w.length);
        double c = (nw == 0 || nv == 0) ? 0 : Math.cos(th);
        GaussianKernel.evaluate(net.activation(), nw, nv, th, c, Math.sin(th), out, 0);
        return out;
    }

    /** {loss, dL/dW (m*d), dL/da (m)} flattened as [loss | gradW | gradA]. */
    static double[] population(Network net, Teacher t) {
        int m = net.width();
        int d = net.inputDim();
        int k = t.size();
        double s = net.scale();
        double[] a = net.a();
        double[] b = t.b();
        double[] out = new double[1 + m * d + m];
        double loss = 0;
        for (int i = 0; i < m; i++) {
            double[] wi = net.w().row(i);
            double da = 0;
            double[] g = new double[d];
            for (int c = 0; c < m + k; c++) {
                double[] uc = c < m ? net.w().row(c) : t.v().row(c - m);
                double qc = c < m ? s * a[c] : -b[c - m];
                double[] kab = triple(net, wi, uc);
                loss += (c < m ? 0.5 : 1.0) * s * a[i] * qc * kab[0];
                da += qc * kab[0];
                for (int x = 0; x < d; x++) {
                    g[x] += s * a[i] * qc * (kab[1] * wi[x] + kab[2] * uc[x]);
                }
            }
            System.arraycopy(g, 0, out, 1 + i * d, d);
            out[1 + m * d + i] = s * da;
        }
        for (int j = 0; j < k; j++) {
            for (int jj = 0; jj < k; jj++) {
                loss += 0.5 * b[j] * b[jj] * triple(net, t.v().row(j), t.v().row(jj))[0];
            }
        }
        out[0] = loss;
        return out;
    }

    static double[] forward(Network net, Matrix x) {
        double[] f = new double[x.rows()];
        for (int r = 0; r < x.rows(); r++) {
            double acc = 0;
            for (int i = 0; i < net.width(); i++) {
                acc += net.a()[i] * net.activation().value(dot(x.row(r), net.w().row(i)));
            }
            f[r] = net.scale() * acc;
        }
        return f;
    }

    /** [loss | gradW | gradA] of 1/(2n) sum (f - y)^2 by back-propagation loops. */
    static double[] empirical(Network net, Matrix x, double[] y) {
        int n = x.rows();
        int m = net.width();
        int d = net.inputDim();
        double s = net.scale();
        double[] f = forward(net, x);
        double[] out = new double[1 + m * d + m];
        for (int r = 0; r < n; r++) {
            double e = f[r] - y[r];
            out[0] += e * e / (2.0 * n);
            double[] xr = x.row(r);
            for (int i = 0; i < m; i++) {
                double z = dot(xr, net.w().row(i));
                out[1 + m * d + i] += s * net.activation().value(z) * e / n;
                double coef = s * net.a()[i] * net.activation().derivative(z) * e / n;
                for (int t = 0; t < d; t++) {
                    out[1 + i * d + t] += coef * xr[t];
                }
            }
        }
        return out;
    }

    static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    static double pathNorm(Network net) {
        double p = 0;
        for (int i = 0; i < net.width(); i++) {
            double l1 = 0;
            for (double v : net.w().row(i)) {
                l1 += Math.abs(v);
            }
            p += Math.abs(net.a()[i]) * l1;
        }
        return net.scale() * p;
    }

    /** The prox objective of (w, a) from (w0, a0) at lambda (lambda * s per neuron). */
    static double proxObjective(Network x, Network x0, double lambda) {
        double obj = 0;
        double lam = lambda * x0.scale();
        for (int i = 0; i < x.width(); i++) {
            double da = x.a()[i] - x0.a()[i];
            obj += 0.5 * da * da;
            double l1 = 0;
            for (int t = 0; t < x.inputDim(); t++) {
                double dw = x.w().get(i, t) - x0.w().get(i, t);
                obj += 0.5 * dw * dw;
                l1 += Math.abs(x.w().get(i, t));
            }
            obj += lam * Math.abs(x.a()[i]) * l1;
        }
        return obj;
    }
}
