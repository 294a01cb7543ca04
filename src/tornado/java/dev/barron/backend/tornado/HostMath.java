package dev.barron.backend.tornado;

import dev.barron.model.Network;

/** The few host-side reductions of the driver (rare paths), compensated as on the device. */
final class HostMath {

    private HostMath() {
    }

    /** s * sum_i |a_i| |w_i|_1. */
    static double pathNormL1(Network net) {
        int m = net.width();
        int d = net.inputDim();
        double[] w = net.w().data();
        double[] terms = new double[m];
        for (int i = 0; i < m; i++) {
            double l1 = 0;
            for (int t = 0; t < d; t++) {
                l1 += Math.abs(w[i * d + t]);
            }
            terms[i] = net.scale() * Math.abs(net.a()[i]) * l1;
        }
        return sum(terms);
    }

    /** sqrt(|W - W'|_F^2 + |a - a'|^2). */
    static double distance(Network x, Network y) {
        double[] wx = x.w().data();
        double[] wy = y.w().data();
        double[] parts = new double[wx.length + x.a().length];
        for (int t = 0; t < wx.length; t++) {
            double e = wx[t] - wy[t];
            parts[t] = e * e;
        }
        for (int i = 0; i < x.a().length; i++) {
            double e = x.a()[i] - y.a()[i];
            parts[wx.length + i] = e * e;
        }
        return Math.sqrt(sum(parts));
    }

    /** Neumaier's compensated sum. */
    static double sum(double[] xs) {
        double s = 0;
        double c = 0;
        for (double x : xs) {
            double t = s + x;
            c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
            s = t;
        }
        return s + c;
    }
}
