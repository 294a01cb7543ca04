package dev.barron.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The summary of a scaling-law sweep (docs/MATH.md section 12.7), from its runs alone: the fit of
 * L = A M^-a + B N^-b + C to every run's test loss with 95% bootstrap intervals
 * (scaling_law.csv, .md, .json), and scaling_law.svg: the measured mean loss against M, one
 * series per N with its t intervals, beside the fitted surface along the same N (series "fit").
 */
final class ScalingLawReport {

    private static final String[] NAMES = {"A", "a", "B", "b", "C"};

    private ScalingLawReport() {
    }

    static Map<String, byte[]> files(SweepResults results) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<double[]> pts = new ArrayList<>();
        for (SweepRecord r : results.runs()) {
            double l = r.number("test_loss");
            if (l > 0 && Double.isFinite(l)) {
                SweepPoint p = r.task().point();
                pts.add(new double[]{p.integer("m"), p.integer("n"), l});
            }
        }
        long cells = pts.stream().map(p -> p[0] + " " + p[1]).distinct().count();
        if (cells < 5 || !results.spec().varied().contains("m") || !results.spec().varied().contains("n")) {
            return out;
        }
        double[] m = pts.stream().mapToDouble(p -> p[0]).toArray();
        double[] n = pts.stream().mapToDouble(p -> p[1]).toArray();
        double[] l = pts.stream().mapToDouble(p -> p[2]).toArray();
        int resamples = results.runs().get(0).task().point().integer("bootstrap");
        ScalingLawFit.WithIntervals f;
        try {
            f = ScalingLawFit.withIntervals(m, n, l, resamples);
        } catch (RuntimeException failed) {
            out.put("scaling_law.md", ReportFiles.markdown("no fit: " + failed.getMessage() + "\n", results));
            return out;
        }
        double[] v = {f.law().bigA(), f.law().a(), f.law().bigB(), f.law().b(), f.law().c()};
        List<String> rows = new ArrayList<>();
        StringBuilder md = new StringBuilder("| parameter | estimate | 95% bootstrap interval |\n|---|---|---|\n");
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            rows.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%d", NAMES[i], v[i], f.low()[i], f.high()[i],
                    f.resamples(), pts.size()));
            md.append(String.format(Locale.ROOT, "| %s | %.4g | [%.4g, %.4g] |%n", NAMES[i], v[i], f.low()[i], f.high()[i]));
            json.put(NAMES[i].equals("A") || NAMES[i].equals("B") || NAMES[i].equals("C") ? "coef_" + NAMES[i].toLowerCase()
                    : "exponent_" + NAMES[i], Map.of("estimate", v[i], "ci95", List.of(f.low()[i], f.high()[i])));
        }
        md.append(String.format(Locale.ROOT, "%ntest loss L = A M^-a + B N^-b + C fitted by Levenberg-Marquardt to %d runs"
                        + " (relative residuals); intervals: percentiles of %d bootstrap refits over the runs (%d failed)."
                        + " Test loss = excess risk + noise^2.%n", pts.size(), f.resamples(), f.failed()));
        json.put("runs", pts.size());
        json.put("bootstrap_resamples", f.resamples());
        json.put("bootstrap_failed", f.failed());
        out.put("scaling_law.csv", ReportFiles.csv("parameter,estimate,ci95_low,ci95_high,resamples,runs", rows, results));
        out.put("scaling_law.md", ReportFiles.markdown(md.toString(), results));
        out.put("scaling_law.json", ReportFiles.json(json, results));
        out.putAll(SweepPlots.logLog("scaling_law", "test loss against M: measured and fitted", "M (width)", "test loss",
                series(results, f.law()), "points: mean over seeds with 95% t intervals; fit: A M^-a + B N^-b + C"));
        return out;
    }

    private static Map<String, List<double[]>> series(SweepResults results, ScalingLawFit.Law law) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        TreeMap<Double, TreeMap<Double, List<SweepRecord>>> byN = new TreeMap<>();
        TreeSet<Double> ms = new TreeSet<>();
        for (SweepRecord r : results.runs()) {
            SweepPoint p = r.task().point();
            ms.add((double) p.integer("m"));
            byN.computeIfAbsent((double) p.integer("n"), k -> new TreeMap<>())
                    .computeIfAbsent((double) p.integer("m"), k -> new ArrayList<>()).add(r);
        }
        byN.forEach((n, curve) -> {
            out.put("N = " + n.longValue(), Curves.means(curve, "test_loss"));
            List<double[]> fit = new ArrayList<>();
            double lo = Math.log(ms.first());
            double hi = Math.log(ms.last());
            for (int i = 0; i <= 24; i++) {
                double mm = Math.exp(lo + (hi - lo) * i / 24);
                double y = law.at(mm, n);
                fit.add(new double[]{mm, y, y, y});
            }
            out.put("fit, N = " + n.longValue(), fit);
        });
        return out;
    }
}
