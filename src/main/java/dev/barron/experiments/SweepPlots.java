package dev.barron.experiments;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.Range;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's figures: an estimate with its 95% interval (error bars) against a numeric
 * parameter, one series per combination of the other varied parameters, drawn in the style of
 * the single-run figures ({@link Plots}): NAME.svg, encoded in memory (no PNG: rasterising and
 * encoding one doubles the time a summary spends on its figure).
 */
final class SweepPlots {

    private SweepPlots() {
    }

    /**
     * Fractions in [0, 1]: series name to points {x, fraction, low, high}. Empty when there is
     * nothing to draw.
     */
    static Map<String, byte[]> fractions(String name, String title, String x, String y, Map<String, List<double[]>> series,
                                         String caption) {
        YIntervalSeriesCollection data = collection(series);
        if (data.getSeriesCount() == 0) {
            return Map.of();
        }
        NumberAxis yAxis = new NumberAxis(y);
        yAxis.setRange(new Range(0, 1));
        return Plots.svgFile(name, Plots.styled(title, plot(data, integerAxis(x), yAxis)), caption);
    }

    /**
     * The mean of column against the first varied parameter with numeric values, one series per
     * combination of the other varied values; a log axis when every mean is positive. Empty
     * when no varied parameter is numeric or there are fewer than two points.
     */
    static Map<String, byte[]> means(SweepSpec spec, String column, List<SweepSummary.Group> groups) {
        String xName = spec.varied().stream().filter(v -> groups.stream().allMatch(g -> g.point().get(v) instanceof Number))
                .findFirst().orElse(null);
        if (xName == null || groups.size() < 2) {
            return Map.of();
        }
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        boolean positive = true;
        for (SweepSummary.Group g : groups) {
            SweepSummary.Stat s = g.stats().stream().filter(t -> t.measure().equals(column)).findFirst().orElseThrow();
            if (Double.isNaN(s.value())) {
                continue;
            }
            List<String> others = new ArrayList<>();
            spec.varied().stream().filter(v -> !v.equals(xName)).forEach(v -> others.add(v + " = " + g.point().get(v)));
            double low = Double.isNaN(s.low()) ? s.value() : s.low();
            double high = Double.isNaN(s.high()) ? s.value() : s.high();
            positive &= s.value() > 0;
            series.computeIfAbsent(others.isEmpty() ? column : String.join(", ", others), k -> new ArrayList<>())
                    .add(new double[]{((Number) g.point().get(xName)).doubleValue(), s.value(), low, high});
        }
        if (positive) {
            // an interval reaching below zero cannot be drawn on a log axis: its bar stops at a tenth of the mean
            series.values().forEach(l -> l.forEach(p -> p[2] = p[2] > 0 ? p[2] : p[1] / 10));
        }
        YIntervalSeriesCollection data = collection(series);
        ValueAxis yAxis = positive ? Plots.decades(new LogAxis(column + " (mean)"), null) : new NumberAxis(column + " (mean)");
        if (yAxis instanceof NumberAxis n) {
            n.setAutoRangeIncludesZero(false);
        }
        String caption = spec.experiment().name() + ", " + spec.seeds() + " seed(s) per point; 95% Student-t intervals";
        return Plots.svgFile(column, Plots.styled(column + " against " + xName, plot(data, numberAxis(xName), yAxis)),
                caption);
    }

    /**
     * Means with their intervals, series name to points {x, mean, low, high}, on log-log axes
     * (a bar reaching below zero stops at a tenth of its mean); empty when nothing is positive.
     */
    static Map<String, byte[]> logLog(String name, String title, String x, String y, Map<String, List<double[]>> series,
                                      String caption) {
        Map<String, List<double[]>> positive = new LinkedHashMap<>();
        series.forEach((k, points) -> positive.put(k, points.stream().filter(p -> p[0] > 0 && p[1] > 0)
                .map(p -> new double[]{p[0], p[1], p[2] > 0 ? p[2] : p[1] / 10, p[3]}).toList()));
        YIntervalSeriesCollection data = collection(positive);
        if (data.getSeriesCount() == 0) {
            return Map.of();
        }
        return Plots.svgFile(name, Plots.styled(title, plot(data, Plots.decades(new LogAxis(x),
                org.jfree.data.general.DatasetUtils.findDomainBounds(data)), Plots.decades(new LogAxis(y),
                org.jfree.data.general.DatasetUtils.findRangeBounds(data)))), caption);
    }

    private static YIntervalSeriesCollection collection(Map<String, List<double[]>> series) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.forEach((name, points) -> {
            if (points.isEmpty()) {
                return;
            }
            YIntervalSeries s = new YIntervalSeries(name, true, true);
            points.forEach(p -> s.add(p[0], p[1], p[2], p[3]));
            data.addSeries(s);
        });
        return data;
    }

    private static XYPlot plot(YIntervalSeriesCollection data, ValueAxis x, ValueAxis y) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setErrorStroke(new BasicStroke(1.5f));
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, Plots.PALETTE[s % Plots.PALETTE.length]);
            renderer.setSeriesStroke(s, new BasicStroke(2.5f));
        }
        return new XYPlot(data, x, y, renderer);
    }

    private static NumberAxis integerAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    private static NumberAxis numberAxis(String label) {
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        return a;
    }
}
