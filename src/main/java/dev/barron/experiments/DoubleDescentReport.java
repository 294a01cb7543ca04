package dev.barron.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of a double-descent sweep (docs/MATH.md section 12.5), from its runs alone: per
 * curve (the varied values other than m), the mean excess risk of the minimum-norm fit and of the
 * optimal ridge at every m with 95% t intervals over the seeds; the peak of each (its m, m/n and
 * height with interval), and the ridge's value at the minimum-norm peak. Files:
 * double_descent.csv, .md, .json, .svg.
 */
final class DoubleDescentReport {

    private static final String[] FITS = {"min_norm_excess", "ridge_excess"};
    private static final String[] NAMES = {"min-norm", "optimal ridge"};

    private DoubleDescentReport() {
    }

    static Map<String, byte[]> files(SweepResults results) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!results.spec().varied().contains("m") || results.runs().isEmpty()) {
            return out;
        }
        List<String> rows = new ArrayList<>();
        List<Map<String, Object>> peaks = new ArrayList<>();
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder("| curve | fit | peak at m | m/n | peak excess risk [95%] | at largest m [95%] |"
                + " optimal ridge at the min-norm peak [95%] | median over seeds at the peak | seeds |\n|---|---|---|---|---|---|---|---|---|\n");
        for (var e : Curves.of(results, "m").entrySet()) {
            TreeMap<Double, List<SweepRecord>> curve = e.getValue();
            double n = curve.firstEntry().getValue().get(0).task().point().integer("n");
            List<double[]> ridge = Curves.means(curve, FITS[1]);
            for (int f = 0; f < FITS.length; f++) {
                List<double[]> means = Curves.means(curve, FITS[f]);
                if (means.isEmpty()) {
                    continue;
                }
                List<double[]> ratio = new ArrayList<>();
                for (double[] p : means) {
                    rows.add(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%s,%s,%s", SweepSummary.quoted(e.getKey()), NAMES[f],
                            (long) p[0], p[0] / n, (long) p[4], p[1], p[2], p[3]));
                    ratio.add(new double[]{p[0] / n, p[1], p[2], p[3]});
                }
                series.put(NAMES[f] + (Curves.of(results, "m").size() > 1 ? ", " + e.getKey() : ""), ratio);
                double[] peak = means.stream().max((a, b) -> Double.compare(a[1], b[1])).orElseThrow();
                double[] last = means.get(means.size() - 1);
                double[] ridgeAt = ridge.stream().filter(r -> r[0] == peak[0]).findFirst().orElse(null);
                double median = median(curve.get(peak[0]), FITS[f]);
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3g | %s | %s | %s | %.4g | %d |%n", e.getKey(),
                        NAMES[f], (long) peak[0], peak[0] / n, ReportFiles.interval(peak), ReportFiles.interval(last),
                        f == 0 && ridgeAt != null ? ReportFiles.interval(ridgeAt) : "-", median, (long) peak[4]));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("curve", e.getKey());
                row.put("fit", NAMES[f]);
                row.put("peak_m", (long) peak[0]);
                row.put("peak_ratio", peak[0] / n);
                row.put("peak_excess_risk", peak[1]);
                row.put("peak_ci95", List.of(peak[2], peak[3]));
                row.put("peak_median", median);
                row.put("largest_m_excess_risk", last[1]);
                row.put("seeds", (long) peak[4]);
                peaks.add(row);
            }
        }
        md.append("\nexcess risk ||f_hat - f*||^2 (exact, Gaussian inputs; the test risk adds noise^2); mean over seeds with"
                + " its 95% Student-t interval. min-norm: Z^+ y through the SVD of the smaller Gram; optimal ridge: the"
                + " lambda of least excess risk on the grid, from the same SVD. At the threshold the risk is heavy-tailed over"
                + " seeds (one small singular value dominates): the median beside the mean.\n");
        out.put("double_descent.csv", ReportFiles.csv("curve,fit,m,ratio,runs,mean_excess_risk,ci95_low,ci95_high", rows,
                results));
        out.put("double_descent.md", ReportFiles.markdown(md.toString(), results));
        out.put("double_descent.json", ReportFiles.json(Map.of("peaks", peaks), results));
        out.putAll(SweepPlots.logLog("double_descent", "double descent of random features", "m / n",
                "excess risk", series, results.spec().seeds() + " seed(s) per point; 95% Student-t intervals"));
        return out;
    }

    /** The median of a column's finite values over runs. */
    static double median(List<SweepRecord> runs, String column) {
        double[] v = runs.stream().mapToDouble(r -> r.number(column)).filter(Double::isFinite).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
