package dev.barron.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of a separation sweep (docs/MATH.md section 12.6), from its runs alone: per curve
 * (method, d and whatever else varies), the mean excess risk against n with 95% t intervals,
 * and n(eps), the sample size where the mean first falls to eps = risk_target, interpolated
 * linearly on log-log axes between the two sample sizes around it (reported as &gt; n_max when
 * no n reaches it, &lt;= n_min when the smallest already does). Files: separation.csv, .md,
 * .json, and separation_dD.svg per d.
 */
final class SeparationReport {

    private SeparationReport() {
    }

    /** n(eps) along one curve of {n, mean, ...}: NaN when never reached, -n_min when reached at once. */
    static double needed(List<double[]> means, double eps) {
        for (int i = 0; i < means.size(); i++) {
            double[] p = means.get(i);
            if (p[1] <= eps) {
                if (i == 0) {
                    return -p[0];
                }
                double[] q = means.get(i - 1);
                double t = (Math.log(q[1]) - Math.log(eps)) / (Math.log(q[1]) - Math.log(p[1]));
                return Math.exp(Math.log(q[0]) + t * (Math.log(p[0]) - Math.log(q[0])));
            }
        }
        return Double.NaN;
    }

    static String shown(double needed, List<double[]> means) {
        if (Double.isNaN(needed)) {
            return "> " + (long) means.get(means.size() - 1)[0];
        }
        return needed < 0 ? "<= " + (long) -needed : String.format(Locale.ROOT, "%.0f", needed);
    }

    static Map<String, byte[]> files(SweepResults results) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!results.spec().varied().contains("n") || results.runs().isEmpty()) {
            return out;
        }
        double eps = results.runs().get(0).task().point().real("risk_target");
        List<String> rows = new ArrayList<>();
        List<Map<String, Object>> json = new ArrayList<>();
        Map<Integer, Map<String, List<double[]>>> byD = new TreeMap<>();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "| curve | n needed for excess risk <= %.4g |"
                + " excess risk at the smallest n [95%%] | at the largest n [95%%] |\n|---|---|---|---|\n", eps));
        for (var e : Curves.of(results, "n").entrySet()) {
            List<double[]> means = Curves.means(e.getValue(), "excess_risk");
            if (means.isEmpty()) {
                continue;
            }
            int d = e.getValue().firstEntry().getValue().get(0).task().point().integer("d");
            byD.computeIfAbsent(d, k -> new LinkedHashMap<>()).put(e.getKey(), means);
            double needed = needed(means, eps);
            for (double[] p : means) {
                rows.add(String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%s", SweepSummary.quoted(e.getKey()), (long) p[0],
                        (long) p[4], p[1], p[2], p[3]));
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", e.getKey(), shown(needed, means),
                    ReportFiles.interval(means.get(0)), ReportFiles.interval(means.get(means.size() - 1))));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("curve", e.getKey());
            row.put("d", d);
            row.put("n_needed", shown(needed, means));
            row.put("means", means.stream().map(p -> Map.of("n", (long) p[0], "mean", p[1], "ci95", List.of(p[2], p[3])))
                    .toList());
            json.add(row);
        }
        md.append("\nexcess risk ||f_hat - f*||^2 (exact, Gaussian inputs), mean over seeds with its 95% Student-t interval;"
                + " n needed: where the mean first reaches the target, interpolated on log-log axes.\n");
        out.put("separation.csv", ReportFiles.csv("curve,n,runs,mean_excess_risk,ci95_low,ci95_high", rows, results));
        out.put("separation.md", ReportFiles.markdown(md.toString(), results));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("risk_target", eps);
        doc.put("curves", json);
        out.put("separation.json", ReportFiles.json(doc, results));
        byD.forEach((d, series) -> out.putAll(SweepPlots.logLog("separation_d" + d, "excess risk against n, d = " + d, "n",
                "excess risk", series, results.spec().seeds() + " seed(s) per point; 95% Student-t intervals")));
        return out;
    }
}
