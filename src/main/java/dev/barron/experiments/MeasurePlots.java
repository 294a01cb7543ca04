package dev.barron.experiments;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.OutputStream;
import java.text.DecimalFormat;

/**
 * Scatter plots of a complexity measure against the generalisation gap, drawn headless with
 * JFreeChart in the style of {@link Plots}. The measure axis is logarithmic when every value is
 * positive (the measures span decades across widths and scales), linear otherwise.
 */
public final class MeasurePlots {

    private static final int W = 800;
    private static final int H = 600;

    private MeasurePlots() {
    }

    /** Ticks labelled by their values (1.3E2), not by fractional powers of ten. */
    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setNumberFormatOverride(new DecimalFormat("0.##E0"));
        return axis;
    }

    /** Writes the PNG of one measure's scatter to out. */
    public static void scatter(OutputStream out, String measure, String title, double[] x, double[] gap) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries points = new XYSeries(measure, false);
        boolean positive = true;
        for (int i = 0; i < x.length; i++) {
            positive &= x[i] > 0;
            points.add(x[i], gap[i]);
        }
        ValueAxis xAxis = positive ? logAxis(measure) : new NumberAxis(measure);
        NumberAxis yAxis = new NumberAxis("generalisation gap (population risk - train risk)");
        yAxis.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesPaint(0, new Color(31, 119, 180, 160));
        XYPlot plot = new XYPlot(new XYSeriesCollection(points), xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.writeChartAsPNG(out, chart, W, H);
    }
}
