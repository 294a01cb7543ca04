package dev.barron.measures;

import dev.barron.model.Check;
import dev.barron.train.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a measure ranks the generalisation gap over a set of networks
 * (docs/MATH.md section 10.3): Kendall's tau-b over all networks, and Jiang et al.'s granulated tau, each with a 95%
 * bootstrap percentile interval.
 *
 * <p>Granulated tau: for hyperparameter axis k, the networks are grouped by every coordinate but
 * the k-th (the seed included), so that a group holds networks that differ only in axis k;
 * psi_k is the mean of tau-b within the groups (groups where it is undefined are left out), and
 * Psi the mean of psi_k over the axes that vary. The bootstrap resamples networks for tau and,
 * for Psi, the groups of each axis (a cluster bootstrap: networks of one group are not
 * independent draws).
 */
public final class RankCorrelation {

    public static final double LEVEL = 0.95;

    /** Granulated tau: per-axis psi_k (NaN where no group defines it) and Psi with its interval. */
    public record Granulated(Map<String, Double> perAxis, Interval psi) {
    }

    private RankCorrelation() {
    }

    /** tau-b of (x, y) with a bootstrap interval over resampled networks. */
    public static Interval tau(double[] x, double[] y, int replicates, long seed) {
        double value = KendallTau.tauB(x, y);
        Rng rng = Rng.stream(seed, 0x746175L);
        int n = x.length;
        double[] reps = new double[replicates];
        int kept = 0;
        double[] xb = new double[n];
        double[] yb = new double[n];
        for (int b = 0; b < replicates; b++) {
            for (int i = 0; i < n; i++) {
                int j = rng.nextInt(n);
                xb[i] = x[j];
                yb[i] = y[j];
            }
            double t = KendallTau.tauB(xb, yb);
            if (!Double.isNaN(t)) {
                reps[kept++] = t;
            }
        }
        return percentile(value, Arrays.copyOf(reps, kept));
    }

    /**
     * Granulated tau. coordinates[r] holds network r's value on each axis (as text) followed by
     * anything else that identifies its run (the seed); axes names the first axes.length columns.
     */
    public static Granulated granulated(double[] x, double[] y, String[][] coordinates, List<String> axes,
                                        int replicates, long seed) {
        if (coordinates.length != x.length) {
            throw Check.bad("coordinates", coordinates.length, "need one row per network, " + x.length);
        }
        Map<String, Double> perAxis = new LinkedHashMap<>();
        List<double[]> groupTaus = new ArrayList<>();
        for (int k = 0; k < axes.size(); k++) {
            double[] taus = groupTaus(x, y, coordinates, k);
            perAxis.put(axes.get(k), taus.length == 0 ? Double.NaN : mean(taus));
            if (taus.length > 0) {
                groupTaus.add(taus);
            }
        }
        if (groupTaus.isEmpty()) {
            return new Granulated(perAxis, new Interval(Double.NaN, Double.NaN, Double.NaN));
        }
        double value = 0;
        for (double[] t : groupTaus) {
            value += mean(t);
        }
        value /= groupTaus.size();
        Rng rng = Rng.stream(seed, 0x6772616EL);
        double[] reps = new double[replicates];
        for (int b = 0; b < replicates; b++) {
            double sum = 0;
            for (double[] t : groupTaus) {
                double s = 0;
                for (int i = 0; i < t.length; i++) {
                    s += t[rng.nextInt(t.length)];
                }
                sum += s / t.length;
            }
            reps[b] = sum / groupTaus.size();
        }
        return new Granulated(perAxis, percentile(value, reps));
    }

    /** tau-b within each group of networks that agree on every coordinate but the k-th. */
    private static double[] groupTaus(double[] x, double[] y, String[][] coordinates, int k) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < coordinates.length; r++) {
            String[] key = coordinates[r].clone();
            key[k] = "*";
            groups.computeIfAbsent(String.join("\u0001", key), g -> new ArrayList<>()).add(r);
        }
        List<Double> taus = new ArrayList<>();
        for (List<Integer> members : groups.values()) {
            if (members.size() < 2) {
                continue;
            }
            double[] gx = new double[members.size()];
            double[] gy = new double[members.size()];
            for (int i = 0; i < gx.length; i++) {
                gx[i] = x[members.get(i)];
                gy[i] = y[members.get(i)];
            }
            double t = KendallTau.tauB(gx, gy);
            if (!Double.isNaN(t)) {
                taus.add(t);
            }
        }
        return taus.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The value with the (1 - LEVEL)/2 and (1 + LEVEL)/2 percentiles of the replicates (linear interpolation). */
    static Interval percentile(double value, double[] replicates) {
        if (replicates.length == 0 || Double.isNaN(value)) {
            return new Interval(value, Double.NaN, Double.NaN);
        }
        double[] s = replicates.clone();
        Arrays.sort(s);
        return new Interval(value, quantile(s, (1 - LEVEL) / 2), quantile(s, (1 + LEVEL) / 2));
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
