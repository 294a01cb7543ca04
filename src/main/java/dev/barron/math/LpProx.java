package dev.barron.math;

/**
 * The proximal operator of tau |u|^p for one coordinate, 1 &lt;= p &lt;= 2 (docs/MATH.md section 12.3):
 * argmin_u (u - v)^2 / 2 + tau |u|^p. p = 1: soft thresholding; p = 2: v / (1 + 2 tau); between,
 * u = sign(v) s with s &gt;= 0 the root of s + tau p s^(p-1) = |v|, an increasing function of s
 * on [0, |v|], found by bisection to the last bit (Newton is unsafe at s = 0 where the
 * derivative of s^(p-1) is infinite).
 */
public final class LpProx {

    private LpProx() {
    }

    public static double of(double v, double tau, double p) {
        if (tau == 0 || v == 0) {
            return v;
        }
        if (p == 1) {
            double s = Math.abs(v) - tau;
            return s > 0 ? Math.copySign(s, v) : 0.0;
        }
        if (p == 2) {
            return v / (1 + 2 * tau);
        }
        double target = Math.abs(v);
        double lo = 0;
        double hi = target;
        for (int it = 0; it < 200 && hi - lo > Math.ulp(hi); it++) {
            double mid = 0.5 * (lo + hi);
            if (mid + tau * p * Math.pow(mid, p - 1) > target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return Math.copySign(0.5 * (lo + hi), v);
    }
}
