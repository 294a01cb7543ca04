package dev.barron.testing;

import dev.barron.model.Network;
import dev.barron.model.Teacher;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * An oracle for the relu population loss, its gradient and the path norms that is exact in
 * magnitude: every quantity that carries a row's scale (norms, a_i |w_i|, a_i |w_i|_1) is formed
 * in BigDecimal from the exact input doubles, and what is left is a computation on unit vectors
 * and O(1) numbers in double. It shares no code with the backends.
 *
 * <pre>
 *   q_c = s a_c |w_c| (students), -b_j |v_j| (teachers),  e_c = u_c / |u_c| (0 for a zero row)
 *   J(t) = (sin t + (pi - t) cos t) / (2 pi),  h(i, c) = (sin t e_i + (pi - t) e_c) / (2 pi)
 *   L = 1/2 sum_{c, c'} q_c q_c' J(t_cc'),  dL/da_i = s |w_i| sum_c q_c J(t_ic),
 *   grad_{w_i} L = s a_i sum_c q_c h(i, c)
 * </pre>
 * (ReLU is 1-homogeneous: kappa(w, v) = |w| |v| J(t), g(w, v) = |v| h). A zero row has the angle
 * pi/2 with every other row (the relu'(0) = 1/2 convention); a row with itself has t = 0.
 */
public final class MagnitudeOracle {

    private static final MathContext MC = new MathContext(60);

    /** Loss, gradients (as doubles) and their natural scales, for tolerances. */
    public record Result(double loss, double lossScale, double[] gradW, double[] gradWRowScale, double[] gradA,
                         double[] gradAScale) {
    }

    private MagnitudeOracle() {
    }

    public static Result population(Network net, Teacher teacher) {
        int m = net.width();
        int k = teacher.size();
        int d = net.inputDim();
        int rows = m + k;
        double s = net.scale();
        double[][] unit = new double[rows][];
        double[] q = new double[rows];
        double[] norms = new double[rows];
        for (int c = 0; c < rows; c++) {
            double[] u = c < m ? net.w().row(c) : teacher.v().row(c - m);
            BigDecimal n = norm(u);
            norms[c] = n.doubleValue();
            unit[c] = unit(u, n);
            BigDecimal weight = c < m ? new BigDecimal(s).multiply(new BigDecimal(net.a()[c]))
                    : new BigDecimal(-teacher.b()[c - m]);
            q[c] = weight.multiply(n, MC).doubleValue();
        }
        double loss = 0;
        double lossScale = 0;
        double[] gradW = new double[m * d];
        double[] rowScale = new double[m];
        double[] gradA = new double[m];
        double[] gradAScale = new double[m];
        for (int c = 0; c < rows; c++) {
            double[] h = new double[d];
            double jSum = 0;
            double qAbs = 0;
            for (int c2 = 0; c2 < rows; c2++) {
                double t = c == c2 ? 0 : angle(unit[c], unit[c2]);
                double j = (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
                loss += 0.5 * q[c] * q[c2] * j;
                lossScale += 0.5 * Math.abs(q[c] * q[c2]);
                jSum += q[c2] * j;
                qAbs += Math.abs(q[c2]);
                for (int p = 0; p < d; p++) {
                    h[p] += q[c2] * (Math.sin(t) * unit[c][p] + (Math.PI - t) * unit[c2][p]) / (2 * Math.PI);
                }
            }
            if (c < m) {
                double sa = s * net.a()[c];
                for (int p = 0; p < d; p++) {
                    gradW[c * d + p] = sa * h[p];
                }
                rowScale[c] = Math.abs(sa) * qAbs;
                gradA[c] = s * norms[c] * jSum;
                gradAScale[c] = Math.abs(s * norms[c]) * qAbs;
            }
        }
        return new Result(loss, lossScale, gradW, rowScale, gradA, gradAScale);
    }

    /** s sum_i |a_i| |w_i|_1, exact then rounded once. */
    public static double pathNormL1(Network net) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < net.width(); i++) {
            BigDecimal l1 = BigDecimal.ZERO;
            for (double x : net.w().row(i)) {
                l1 = l1.add(new BigDecimal(Math.abs(x)));
            }
            sum = sum.add(l1.multiply(new BigDecimal(Math.abs(net.a()[i]))));
        }
        return sum.multiply(new BigDecimal(net.scale())).doubleValue();
    }

    /** sum_i a_i^2 |w_i|_2^2, exact then rounded once. */
    public static double pathNormL2(Network net) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < net.width(); i++) {
            BigDecimal a = new BigDecimal(net.a()[i]);
            for (double x : net.w().row(i)) {
                BigDecimal ax = a.multiply(new BigDecimal(x));
                sum = sum.add(ax.multiply(ax));
            }
        }
        return sum.doubleValue();
    }

    private static BigDecimal norm(double[] u) {
        BigDecimal sq = BigDecimal.ZERO;
        for (double x : u) {
            BigDecimal b = new BigDecimal(x);
            sq = sq.add(b.multiply(b));
        }
        return sq.sqrt(MC);
    }

    private static double[] unit(double[] u, BigDecimal norm) {
        double[] e = new double[u.length];
        if (norm.signum() == 0) {
            return e;
        }
        for (int p = 0; p < u.length; p++) {
            e[p] = new BigDecimal(u[p]).divide(norm, MC).doubleValue();
        }
        return e;
    }

    /** 2 atan2(|e - f|, |e + f|) of unit vectors; pi/2 where one is zero. */
    private static double angle(double[] e, double[] f) {
        double diff = 0;
        double sum = 0;
        boolean zero = true;
        boolean zero2 = true;
        for (int p = 0; p < e.length; p++) {
            diff += (e[p] - f[p]) * (e[p] - f[p]);
            sum += (e[p] + f[p]) * (e[p] + f[p]);
            zero &= e[p] == 0;
            zero2 &= f[p] == 0;
        }
        if (zero || zero2) {
            return Math.PI / 2;
        }
        return 2 * Math.atan2(Math.sqrt(diff), Math.sqrt(sum));
    }
}
