package dev.barron.measures;

import dev.barron.model.Check;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Kendall's tau-b in O(n log n) by Knight's algorithm (docs/MATH.md section 10.3):
 *
 * <pre>
 *   tau_b = (n0 - n1 - n2 + n3 - 2 S) / sqrt((n0 - n1)(n0 - n2))
 * </pre>
 *
 * with n0 = n(n-1)/2 pairs, n1 pairs tied in x, n2 tied in y, n3 tied in both, and S the number of
 * discordant pairs, counted as the swaps a merge sort by y makes after sorting by (x, y). This
 * equals (concordant - discordant) / sqrt((n0 - n1)(n0 - n2)). NaN when either variable is
 * constant (no untied pair) or there are fewer than two points.
 */
public final class KendallTau {

    private KendallTau() {
    }

    public static double tauB(double[] x, double[] y) {
        if (x.length != y.length) {
            throw Check.bad("y length", y.length, "must equal the length of x, " + x.length);
        }
        Check.finite("x", x);
        Check.finite("y", y);
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.<Integer>comparingDouble(i -> x[i]).thenComparingDouble(i -> y[i]));
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[boxed[i]];
            ys[i] = y[boxed[i]];
        }
        long n0 = (long) n * (n - 1) / 2;
        long n1 = tiedPairs(xs, null);
        long n3 = tiedPairs(xs, ys);
        long swaps = mergeCount(ys, new double[n], 0, n);
        long n2 = tiedPairs(ys, null);
        double denominator = Math.sqrt((double) (n0 - n1) * (double) (n0 - n2));
        if (denominator == 0) {
            return Double.NaN;
        }
        return (n0 - n1 - n2 + n3 - 2.0 * swaps) / denominator;
    }

    /** Pairs tied in a sorted array (both arrays, when b is given and sorted within a's runs). */
    private static long tiedPairs(double[] a, double[] b) {
        long pairs = 0;
        long run = 1;
        for (int i = 1; i <= a.length; i++) {
            boolean same = i < a.length && a[i] == a[i - 1] && (b == null || b[i] == b[i - 1]);
            if (same) {
                run++;
            } else {
                pairs += run * (run - 1) / 2;
                run = 1;
            }
        }
        return pairs;
    }

    /** Sorts a[from, to) ascending and returns the number of inversions (strictly greater before smaller). */
    private static long mergeCount(double[] a, double[] tmp, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long swaps = mergeCount(a, tmp, from, mid) + mergeCount(a, tmp, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[j] < a[i]) {
                swaps += mid - i;
                tmp[k++] = a[j++];
            } else {
                tmp[k++] = a[i++];
            }
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < to) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, from, a, from, to - from);
        return swaps;
    }
}
