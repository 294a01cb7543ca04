package dev.barron.experiments;

import dev.barron.io.AtomicFiles;
import dev.barron.train.MetricsRow;
import dev.barron.train.Phases;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The three plots of a teacher-student run, drawn headless with JFreeChart: loss.png (log-log,
 * with the fitted power law over the local phase), angles.png (angle of the best-aligned student
 * per teacher, log-log) and norms.png (path norm and min/max student norm, log-log).
 * Step 0 cannot sit on a log axis and is left out of the plots (it stays in metrics.csv).
 */
public final class Plots {

    private static final int W = 900;
    private static final int H = 600;
    private static final double TINY = 1e-300;

    private Plots() {
    }

    public static void writeAll(Path dir, List<MetricsRow> rows, Phases phases, double lossFloor) throws IOException {
        System.setProperty("java.awt.headless", "true");
        save(dir.resolve("loss.png"), lossChart(rows, phases, lossFloor));
        save(dir.resolve("angles.png"), anglesChart(rows));
        save(dir.resolve("norms.png"), normsChart(rows));
    }

    static JFreeChart lossChart(List<MetricsRow> rows, Phases phases, double lossFloor) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries loss = new XYSeries("population loss", false);
        for (MetricsRow r : rows) {
            if (r.step() > 0 && r.loss() > 0) {
                loss.add(r.step(), r.loss());
            }
        }
        data.addSeries(loss);
        if (!Double.isNaN(phases.rateExponent())) {
            data.addSeries(fittedLine(rows, phases, lossFloor));
        }
        String title = Double.isNaN(phases.rateExponent()) ? "loss"
                : String.format("loss: fitted L ~ T^%.2f over steps >= %d (R^2 = %.4f)", phases.rateExponent(),
                phases.localStart(), phases.powerR2());
        return chart(title, "step", "loss", data, true);
    }

    /** exp(c) t^p with c the mean of log L - p log t over the fit window. */
    private static XYSeries fittedLine(List<MetricsRow> rows, Phases phases, double lossFloor) {
        double p = phases.rateExponent();
        double c = 0;
        int n = 0;
        long first = -1;
        long last = -1;
        for (MetricsRow r : rows) {
            if (r.step() >= phases.localStart() && r.step() > 0 && r.loss() > lossFloor) {
                c += Math.log(r.loss()) - p * Math.log(r.step());
                n++;
                first = first < 0 ? r.step() : first;
                last = r.step();
            }
        }
        c /= n;
        XYSeries fit = new XYSeries(String.format("fit: slope %.3f", p), false);
        fit.add(first, Math.exp(c + p * Math.log(first)));
        fit.add(last, Math.exp(c + p * Math.log(last)));
        return fit;
    }

    static JFreeChart anglesChart(List<MetricsRow> rows) {
        XYSeriesCollection data = new XYSeriesCollection();
        int k = rows.isEmpty() ? 0 : rows.get(0).cosBest().length;
        for (int j = 0; j < k; j++) {
            XYSeries s = new XYSeries("teacher " + (j + 1) + ": min_i theta_ij", false);
            for (MetricsRow r : rows) {
                if (r.step() > 0) {
                    s.add(r.step(), Math.max(TINY, Math.acos(Math.max(-1, Math.min(1, r.cosBest()[j])))));
                }
            }
            data.addSeries(s);
        }
        XYSeries worst = new XYSeries("max over students of min_j theta_ij", false);
        for (MetricsRow r : rows) {
            if (r.step() > 0 && r.alignAngleMax() > 0) {
                worst.add(r.step(), r.alignAngleMax());
            }
        }
        data.addSeries(worst);
        return chart("alignment of students with teachers", "step", "angle (radians)", data, true);
    }

    static JFreeChart normsChart(List<MetricsRow> rows) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries path = new XYSeries("path norm (l1)", false);
        XYSeries min = new XYSeries("min_i |w_i|", false);
        XYSeries max = new XYSeries("max_i |w_i|", false);
        for (MetricsRow r : rows) {
            if (r.step() > 0) {
                path.add(r.step(), Math.max(TINY, r.pathNormL1()));
                min.add(r.step(), Math.max(TINY, r.minStudentNorm()));
                max.add(r.step(), Math.max(TINY, r.maxStudentNorm()));
            }
        }
        data.addSeries(path);
        data.addSeries(min);
        data.addSeries(max);
        return chart("norms", "step", "norm", data, true);
    }

    private static JFreeChart chart(String title, String x, String y, XYSeriesCollection data, boolean logY) {
        ValueAxis xAxis = new LogAxis(x);
        ValueAxis yAxis = logY ? new LogAxis(y) : new NumberAxis(y);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, W, H));
    }
}
