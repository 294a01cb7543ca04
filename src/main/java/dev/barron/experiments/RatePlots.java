package dev.barron.experiments;

import dev.barron.experiments.RateReport.RateFitRow;
import dev.barron.experiments.RateReport.Run;
import dev.barron.io.PendingFiles;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The figures and the JSON document of {@link RateReport}. */
final class RatePlots {

    private RatePlots() {
    }

    /**
     * Mean excess risk against n per (m, R), the reference slopes -(d+2)/(2d+2) and -1/2 drawn
     * through the first constrained mean, and the bound with its fitted C.
     */
    static JFreeChart rateChart(int d, List<RateFitRow> fits) {
        XYSeriesCollection data = new XYSeriesCollection();
        RateFitRow anchor = null;
        for (RateFitRow f : fits) {
            if (f.d() != d) {
                continue;
            }
            data.addSeries(RateReport.means(String.format(Locale.ROOT, "m=%d R=%s: slope %.3f [%.3f, %.3f]", f.m(),
                    RateReport.label(f.radius()), f.fit().exponent(), f.fit().low(), f.fit().high()), f.byN()));
            if (anchor == null && f.radius() > 0) {
                anchor = f;
            }
        }
        if (anchor != null) {
            double n0 = anchor.byN().firstKey();
            double n1 = anchor.byN().lastKey();
            double y0 = RateReport.mean(anchor.byN().firstEntry().getValue());
            double p = RateFit.theoryExponent(d);
            data.addSeries(line(String.format(Locale.ROOT, "slope -(d+2)/(2d+2) = %.3f", p), n0, n1, y0, p));
            data.addSeries(line("slope -1/2", n0, n1, y0, -0.5));
            XYSeries bound = new XYSeries(String.format(Locale.ROOT, "bound R^2/m + C R^2 d^(1/3) n^%.3f, C = %.3g", p,
                    anchor.boundConstant()), false);
            for (int i = 0; i <= 20; i++) {
                double n = n0 * Math.pow(n1 / n0, i / 20.0);
                bound.add(n, RateFit.bound(anchor.boundConstant(), n, anchor.radius(), anchor.m(), d));
            }
            data.addSeries(bound);
            XYSeries term = new XYSeries(String.format(Locale.ROOT, "bound's n-term alone, C = %.3g", anchor.rateConstant()),
                    false);
            for (int i = 0; i <= 20; i++) {
                double n = n0 * Math.pow(n1 / n0, i / 20.0);
                term.add(n, anchor.rateConstant() * anchor.radius() * anchor.radius() * Math.cbrt(d) * Math.pow(n, p));
            }
            data.addSeries(term);
        }
        return Plots.chart("excess risk against n, d = " + d, "n", "excess risk ||f - f*||^2", data, true);
    }

    private static XYSeries line(String name, double n0, double n1, double y0, double slope) {
        XYSeries s = new XYSeries(name, false);
        s.add(n0, y0);
        s.add(n1, y0 * Math.pow(n1 / n0, slope));
        return s;
    }

    /** Mean excess risk against m for every (n, R) at this d with two widths or more, and R^2/m. */
    static XYSeriesCollection widthSeries(int d, List<Run> runs) {
        Map<String, TreeMap<Integer, double[]>> groups = new TreeMap<>();
        Map<String, Double> radius = new LinkedHashMap<>();
        for (Run r : runs) {
            if (r.d() != d) {
                continue;
            }
            String key = String.format(Locale.ROOT, "n=%d R=%s", r.n(), RateReport.label(r.radius()));
            groups.computeIfAbsent(key, k -> new TreeMap<>()).merge(r.m(), new double[]{r.excess()}, (a, b) -> {
                double[] c = java.util.Arrays.copyOf(a, a.length + 1);
                c[a.length] = b[0];
                return c;
            });
            radius.put(key, r.radius());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> bounds = new ArrayList<>();
        for (var e : groups.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            data.addSeries(RateReport.means(e.getKey(), e.getValue()));
            double r = radius.get(e.getKey());
            String name = String.format(Locale.ROOT, "bound R^2/m, R = %s", RateReport.label(r));
            if (r > 0 && !bounds.contains(name)) {
                bounds.add(name);
                XYSeries s = new XYSeries(name, false);
                for (int m : e.getValue().keySet()) {
                    s.add(m, r * r / m);
                }
                data.addSeries(s);
            }
        }
        return data;
    }

    /** rate.json: every fit with its means per n. */
    static byte[] json(List<RateFitRow> fits, List<Run> runs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RateFitRow f : fits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("d", f.d());
            m.put("m", f.m());
            m.put("radius", RateReport.label(f.radius()));
            m.put("exponent", f.fit().exponent());
            m.put("std_err", f.fit().stdErr());
            m.put("ci95", List.of(f.fit().low(), f.fit().high()));
            m.put("r2", f.fit().r2());
            m.put("points", f.fit().points());
            m.put("theory_exponent", RateFit.theoryExponent(f.d()));
            m.put("bound_constant", Double.isNaN(f.boundConstant()) ? "none (R = inf)" : f.boundConstant());
            m.put("rate_constant", Double.isNaN(f.rateConstant()) ? "none (R = inf)" : f.rateConstant());
            m.put("approximation_term", f.radius() > 0 ? f.radius() * f.radius() / f.m() : "none (R = inf)");
            List<Map<String, Object>> means = new ArrayList<>();
            f.byN().forEach((n, v) -> {
                Map<String, Object> at = new LinkedHashMap<>();
                at.put("n", n);
                at.put("runs", v.length);
                at.put("mean_excess_risk", RateReport.mean(v));
                means.add(at);
            });
            m.put("means", means);
            rows.add(m);
        }
        try {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("runs", runs.size());
            doc.put("fits", rows);
            return PendingFiles.JSON.writeValueAsBytes(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
