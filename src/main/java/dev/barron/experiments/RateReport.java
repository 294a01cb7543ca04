package dev.barron.experiments;

import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rate analysis of an erm sweep (docs/MATH.md section 11.3), from its runs alone: for every
 * (d, m, R) with three sample sizes or more, the exponent of excess risk ~ n^beta with its 95%
 * interval beside -(d+2)/(2d+2) and -1/2, and (R finite) the constant C of the bound
 * R^2/m + C R^2 d^(1/3) n^(-(d+2)/(2d+2)); for every (d, n, R) with two widths or more, the
 * excess risk against m beside R^2/m. Files: rate.csv, rate.md, rate.json, rate_dD.svg/png,
 * width_dD.svg/png.
 */
public final class RateReport {

    private RateReport() {
    }

    /** One run's coordinates and excess risk. */
    record Run(int d, int m, int n, double radius, double excess) {
    }

    /** The fit of one (d, m, R) over n. */
    record RateFitRow(int d, int m, double radius, RateFit.PowerLaw fit, double boundConstant, double rateConstant,
                      TreeMap<Integer, double[]> byN) {
    }

    static List<Run> runs(SweepResults results) {
        List<Run> out = new ArrayList<>();
        for (SweepRecord r : results.runs()) {
            double e = r.number("excess_risk");
            if ("diverged".equals(r.text("stop")) || !(e >= 0)) {
                continue;
            }
            SweepPoint p = r.task().point();
            out.add(new Run(p.integer("d"), p.integer("m"), p.integer("n"), p.real("radius"), e));
        }
        return out;
    }

    /** Every fit over n; empty when no (d, m, R) has three sample sizes. */
    static List<RateFitRow> rateFits(List<Run> runs) {
        Map<String, List<Run>> groups = new TreeMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(String.format(Locale.ROOT, "%06d %06d %s", r.d(), r.m(), r.radius() == 0 ? "~inf"
                    : String.format(Locale.ROOT, "%.17g", r.radius())), k -> new ArrayList<>()).add(r);
        }
        List<RateFitRow> out = new ArrayList<>();
        for (List<Run> g : groups.values()) {
            TreeMap<Integer, double[]> byN = new TreeMap<>();
            for (Run r : g) {
                byN.merge(r.n(), new double[]{r.excess()}, RateReport::append);
            }
            if (byN.size() < 3) {
                continue;
            }
            double[] n = new double[g.size()];
            double[] e = new double[g.size()];
            for (int i = 0; i < g.size(); i++) {
                n[i] = g.get(i).n();
                e[i] = g.get(i).excess();
            }
            Run first = g.get(0);
            boolean ball = first.radius() > 0;
            double c = ball ? RateFit.boundConstant(n, e, first.radius(), first.m(), first.d()) : Double.NaN;
            double c0 = ball ? RateFit.rateConstant(n, e, first.radius(), first.d()) : Double.NaN;
            out.add(new RateFitRow(first.d(), first.m(), first.radius(), RateFit.powerLaw(n, e), c, c0, byN));
        }
        return out;
    }

    private static double[] append(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** The files; none when the sweep has no rate to fit. */
    public static Map<String, byte[]> files(SweepResults results) {
        List<Run> runs = runs(results);
        List<RateFitRow> fits = rateFits(runs);
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (fits.isEmpty()) {
            return out;
        }
        out.put("rate.csv", csv(fits).getBytes(StandardCharsets.UTF_8));
        out.put("rate.md", markdown(fits).getBytes(StandardCharsets.UTF_8));
        out.put("rate.json", RatePlots.json(fits, runs));
        for (int d : fits.stream().map(RateFitRow::d).distinct().toList()) {
            out.putAll(Plots.render("rate_d" + d, RatePlots.rateChart(d, fits), null));
            XYSeriesCollection width = RatePlots.widthSeries(d, runs);
            if (width.getSeriesCount() > 0) {
                out.putAll(Plots.render("width_d" + d, Plots.chart("excess risk against width m, d = " + d,
                        Plots.powersOfTwo("m", DatasetUtils.findDomainBounds(width)), "excess risk", width), null));
            }
        }
        return out;
    }

    static String label(double radius) {
        return radius == 0 ? "inf" : String.valueOf(radius);
    }

    static String csv(List<RateFitRow> fits) {
        StringBuilder b = new StringBuilder("d,m,radius,exponent,std_err,ci95_low,ci95_high,r2,points,"
                + "theory_exponent,bound_constant,rate_constant,approximation_term\n");
        for (RateFitRow f : fits) {
            RateFit.PowerLaw p = f.fit();
            b.append(f.d()).append(',').append(f.m()).append(',').append(label(f.radius())).append(',')
                    .append(p.exponent()).append(',').append(p.stdErr()).append(',').append(p.low()).append(',')
                    .append(p.high()).append(',').append(p.r2()).append(',').append(p.points()).append(',')
                    .append(RateFit.theoryExponent(f.d())).append(',')
                    .append(cell(f.boundConstant())).append(',').append(cell(f.rateConstant())).append(',')
                    .append(f.radius() > 0 ? String.valueOf(f.radius() * f.radius() / f.m()) : "").append('\n');
        }
        return b.toString();
    }

    private static String cell(double x) {
        return Double.isNaN(x) ? "" : String.valueOf(x);
    }

    static String markdown(List<RateFitRow> fits) {
        StringBuilder b = new StringBuilder("| d | m | R | exponent of n | 95% interval | -(d+2)/(2d+2) | -1/2 | R^2 log-log | "
                + "runs | C (bound) | C (n-term alone) | R^2/m |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RateFitRow f : fits) {
            RateFit.PowerLaw p = f.fit();
            b.append(String.format(Locale.ROOT, "| %d | %d | %s | %.3f | [%.3f, %.3f] | %.3f | -0.500 | %.3f | %d | %s | %s | %s |%n",
                    f.d(), f.m(), label(f.radius()), p.exponent(), p.low(), p.high(), RateFit.theoryExponent(f.d()),
                    p.r2(), p.points(), g4(f.boundConstant()), g4(f.rateConstant()),
                    f.radius() > 0 ? g4(f.radius() * f.radius() / f.m()) : "-"));
        }
        b.append("\nexcess risk ||f_hat - f*||^2 ~ n^exponent, least squares on log-log axes over every run (t interval);"
                + " C (bound): the C of R^2/m + C R^2 d^(1/3) n^(-(d+2)/(2d+2)) fitted in log space (near 1e-13, the"
                + " search's floor, when R^2/m alone lies above the risks); C (n-term alone): the C of"
                + " C R^2 d^(1/3) n^(-(d+2)/(2d+2)) fitted the same way.\n");
        return b.toString();
    }

    private static String g4(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.4g", x);
    }

    /** A series of the mean at each x. */
    static XYSeries means(String name, TreeMap<Integer, double[]> byX) {
        XYSeries s = new XYSeries(name, false);
        byX.forEach((x, v) -> {
            double m = mean(v);
            if (m > 0) {
                s.add(x.doubleValue(), m);
            }
        });
        return s;
    }
}
