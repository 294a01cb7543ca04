package dev.barron.experiments;

import dev.barron.io.AtomicFiles;
import dev.barron.io.JsonFiles;
import dev.barron.train.MetricsRow;
import dev.barron.train.Phases;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.AttributedString;
import java.util.List;
import java.util.Locale;
import java.util.function.LongToDoubleFunction;

/**
 * The three figures of a teacher-student run, drawn headless with JFreeChart, each as PNG and
 * SVG: loss (with the fitted rate over the local phase: log-log with the power law when the loss
 * follows one, semilog with the per-step factor when it converges linearly), angles (angle of
 * the best-aligned student per teacher, log-log) and norms (path norm, min/max student norm).
 * Log axes carry whole-decade ticks only; colours are the Okabe-Ito palette (safe for the
 * colour-blind, no yellow on white); a caption line gives the run's parameters.
 * Step 0 cannot sit on a log axis and is left out there (it stays in metrics.csv).
 */
public final class Plots {

    private static final int W = 900;
    private static final int H = 600;
    private static final double TINY = 1e-300;
    /** Okabe & Ito (2008), without the yellow, which vanishes on white. */
    static final Color[] PALETTE = {new Color(0x000000), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73),
        new Color(0x0072B2), new Color(0xD55E00), new Color(0xCC79A7)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** The files {@link #writeAll} writes. */
    public static final List<String> FILES = List.of("loss.png", "loss.svg", "angles.png", "angles.svg", "norms.png", "norms.svg");

    private Plots() {
    }

    /** Writes loss, angles and norms as .png and .svg; caption: the run's parameters, one line. */
    public static void writeAll(Path dir, List<MetricsRow> rows, Phases phases, double lossFloor, String caption) throws IOException {
        if (Figures.unavailable().isPresent()) { // the probe also sets java.awt.headless
            return;
        }
        save(dir, "loss", lossChart(rows, phases, lossFloor), caption);
        save(dir, "angles", anglesChart(rows), caption);
        save(dir, "norms", normsChart(rows), caption);
    }

    /**
     * Redraws the figures of a run directory from its metrics.csv and config.json alone (the
     * fitted rate is recomputed from the CSV, as the run computed it).
     */
    public static void redraw(Path dir) throws IOException {
        TeacherStudentConfig cfg = JsonFiles.read(dir.resolve(TeacherStudentExperiment.CONFIG), TeacherStudentConfig.class);
        List<MetricsRow> rows = RunFiles.readMetrics(dir.resolve("metrics.csv"));
        Phases.Rules rules = TeacherStudentExperiment.phaseRules(cfg);
        writeAll(dir, rows, Phases.of(rows, rules), rules.lossFloor(), caption(cfg));
    }

    /** One line of the parameters that make the run: shapes, step size, init, scaling, seed, backend. */
    public static String caption(TeacherStudentConfig c) {
        return String.format(Locale.ROOT, "d = %d, k = %d, m = %d, lr %s, %s init (scale %s), %s scaling, %s, %s objective,"
                        + " seed %d, %s %s", c.d(), c.k(), c.m(), c.lr(), c.init().label(), c.initScale(), c.scaling().label(),
                c.activation().label(), c.objective().label(), c.seed(), c.backend(),
                c.precision() == null ? "" : c.precision().label()).strip();
    }

    static JFreeChart lossChart(List<MetricsRow> rows, Phases phases, double lossFloor) {
        boolean fitted = !Double.isNaN(phases.rateExponent());
        boolean semilog = fitted && !phases.powerLaw();
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries loss = new XYSeries("population loss", false);
        for (MetricsRow r : rows) {
            if ((r.step() > 0 || semilog) && r.loss() > 0) {
                loss.add(r.step(), r.loss());
            }
        }
        data.addSeries(loss);
        String title = "loss";
        if (semilog) {
            data.addSeries(fittedLine(rows, phases, lossFloor, phases.linearRate(), t -> t,
                    String.format("fit: loss x %.5f per step", Math.exp(phases.linearRate()))));
            title = String.format("loss: linear convergence, x %.5f per step (steps >= %d, R^2 %.5f)",
                    Math.exp(phases.linearRate()), phases.localStart(), phases.linearR2());
        } else if (fitted) {
            data.addSeries(fittedLine(rows, phases, lossFloor, phases.rateExponent(), Math::log,
                    String.format("fit: slope %.3f", phases.rateExponent())));
            title = String.format("loss: power law, L ~ T^%.2f (steps >= %d, R^2 %.4f)", phases.rateExponent(),
                    phases.localStart(), phases.powerR2());
        }
        return chart(title, "step", "loss", data, !semilog);
    }

    /**
     * exp(c + slope g(t)) over the fit window, g = log for a power law and the identity for
     * linear convergence, with c the mean of log L - slope g(t) there.
     */
    private static XYSeries fittedLine(List<MetricsRow> rows, Phases phases, double lossFloor, double slope,
                                       LongToDoubleFunction g, String name) {
        double c = 0;
        int n = 0;
        long first = -1;
        long last = -1;
        for (MetricsRow r : rows) {
            if (r.step() >= phases.localStart() && r.step() > 0 && r.loss() > lossFloor) {
                c += Math.log(r.loss()) - slope * g.applyAsDouble(r.step());
                n++;
                first = first < 0 ? r.step() : first;
                last = r.step();
            }
        }
        c /= n;
        XYSeries fit = new XYSeries(name, false);
        fit.add(first, Math.exp(c + slope * g.applyAsDouble(first)));
        fit.add(last, Math.exp(c + slope * g.applyAsDouble(last)));
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

    /** logX: log-log (a power law is a line), else semilog (linear convergence is a line). */
    static JFreeChart chart(String title, String x, String y, XYSeriesCollection data, boolean logX) {
        return chart(title, logX ? decades(new LogAxis(x), DatasetUtils.findDomainBounds(data)) : new NumberAxis(x), y, data);
    }

    /** A chart over the given x axis, its y axis logarithmic in decades. */
    static JFreeChart chart(String title, ValueAxis xAxis, String y, XYSeriesCollection data) {
        ValueAxis yAxis = decades(new LogAxis(y), DatasetUtils.findRangeBounds(data));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            String key = data.getSeriesKey(s).toString();
            boolean fit = key.startsWith("fit") || key.startsWith("slope") || key.startsWith("bound");
            // a fit drawn over its data would vanish: dashed, it shows where the two part
            renderer.setSeriesStroke(s, fit ? new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[]{9f, 6f}, 0f) : new BasicStroke(2.5f));
            renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        }
        return styled(title, new XYPlot(data, xAxis, yAxis, renderer));
    }

    /**
     * Ticks at whole decades only (JFreeChart's own choice lands on half decades, 10^-7.5), one
     * every decade up to ten decades, then every second, third ... so that labels never crowd.
     */
    static LogAxis decades(LogAxis axis, Range bounds) {
        double span = bounds == null ? 1 : Math.log10(Math.max(bounds.getUpperBound(), TINY) / Math.max(bounds.getLowerBound(), TINY));
        axis.setAutoTickUnitSelection(false);
        axis.setTickUnit(new NumberTickUnit(Math.max(1, Math.ceil(span / 10))));
        axis.setMinorTickMarksVisible(false);
        axis.setSmallestValue(TINY);
        return axis;
    }

    /**
     * A log axis with a tick at every power of two, each labelled with its value (2, 4, 8, ...):
     * widths span a decade or two, where {@link #decades} leaves one tick or none.
     */
    static LogAxis powersOfTwo(String label, Range bounds) {
        LogAxis axis = new LogAxis(label) {
            @Override
            protected AttributedString createTickLabel(double value) {
                return new AttributedString(String.valueOf(Math.round(value)));
            }
        };
        double span = bounds == null ? 1 : Math.log(Math.max(bounds.getUpperBound(), 1) / Math.max(bounds.getLowerBound(), 1))
                / Math.log(2);
        axis.setBase(2);
        axis.setAutoTickUnitSelection(false);
        axis.setTickUnit(new NumberTickUnit(Math.max(1, Math.ceil(span / 12))));
        axis.setMinorTickMarksVisible(false);
        axis.setSmallestValue(TINY);
        return axis;
    }

    private static void save(Path dir, String name, JFreeChart chart, String caption) throws IOException {
        for (var f : render(name, chart, caption).entrySet()) {
            AtomicFiles.write(dir.resolve(f.getKey()), out -> out.write(f.getValue()));
        }
    }

    /** NAME.png and NAME.svg of a chart with its caption, encoded in memory; none where {@link Figures#unavailable}. */
    static java.util.Map<String, byte[]> render(String name, JFreeChart chart, String caption) {
        java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        if (Figures.unavailable().isPresent()) {
            return out;
        }
        byte[] svg = svg(chart, caption);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, W, H);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        out.put(name + ".png", png.toByteArray());
        out.put(name + ".svg", svg);
        return out;
    }

    /** NAME.svg of a chart with its caption; none where {@link Figures#unavailable}. */
    static java.util.Map<String, byte[]> svgFile(String name, JFreeChart chart, String caption) {
        return Figures.unavailable().isPresent() ? java.util.Map.of() : java.util.Map.of(name + ".svg", svg(chart, caption));
    }

    /** The SVG document of a chart with its caption (the caption is added to the chart). */
    static byte[] svg(JFreeChart chart, String caption) {
        if (caption != null && !caption.isBlank()) {
            chart.addSubtitle(new TextTitle(caption, CAPTION, Color.DARK_GRAY, RectangleEdge.BOTTOM,
                    TextTitle.DEFAULT_HORIZONTAL_ALIGNMENT, TextTitle.DEFAULT_VERTICAL_ALIGNMENT, TextTitle.DEFAULT_PADDING));
        }
        SVGGraphics2D svg = new SVGGraphics2D(W, H);
        svg.setDefsKeyPrefix("barron"); // the default holds System.nanoTime(): equal charts, equal files
        chart.draw(svg, new Rectangle(W, H));
        return svg.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    }

    /** A chart in the house style (fonts, white background, grid, legend). */
    static JFreeChart styled(String title, org.jfree.chart.plot.XYPlot plot) {
        for (ValueAxis axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
            axis.setLabelFont(LABEL);
            axis.setTickLabelFont(TICKS);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.getLegend().setItemFont(TICKS);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
