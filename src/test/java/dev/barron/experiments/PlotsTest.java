package dev.barron.experiments;

import dev.barron.train.MetricsRow;
import dev.barron.train.Phases;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loss figure draws the rate the run follows, on the axes where it is a line; log axes tick at decades. */
class PlotsTest {

    private static MetricsRow row(long t, double loss) {
        return new MetricsRow(t, loss, 1, 1, 1, 1, 1, 0.01, new double[]{1});
    }

    private static XYPlot plot(List<MetricsRow> rows) {
        JFreeChart c = Plots.lossChart(rows, Phases.of(rows, Phases.Rules.standard()), 1e-13);
        return c.getXYPlot();
    }

    @Test
    void linearConvergenceIsDrawnOnSemilogAxesWithItsFactorPerStep() {
        List<MetricsRow> rows = new ArrayList<>();
        for (long t = 0; t <= 2000; t += 50) {
            rows.add(row(t, Math.exp(-0.01 * t)));
        }
        XYPlot p = plot(rows);
        assertInstanceOf(NumberAxis.class, p.getDomainAxis());
        assertInstanceOf(LogAxis.class, p.getRangeAxis());
        XYDataset d = p.getDataset();
        assertEquals("fit: loss x 0.99005 per step", d.getSeriesKey(1));
        // the fitted line lies on the data: exp(-0.01 t) at both ends
        int last = d.getItemCount(1) - 1;
        assertEquals(Math.exp(-0.01 * d.getXValue(1, last)), d.getYValue(1, last), 1e-9);
        String title = Plots.lossChart(rows, Phases.of(rows, Phases.Rules.standard()), 1e-13).getTitle().getText();
        assertTrue(title.contains("linear convergence") && !title.contains("T^"), title);
    }

    @Test
    void aPowerLawIsDrawnLogLogAndTicksAreWholeDecades() {
        List<MetricsRow> rows = new ArrayList<>();
        for (long t = 1; t <= 100000; t *= 2) {
            rows.add(row(t, 5 * Math.pow(t, -3)));
        }
        XYPlot p = plot(rows);
        LogAxis x = assertInstanceOf(LogAxis.class, p.getDomainAxis());
        LogAxis y = assertInstanceOf(LogAxis.class, p.getRangeAxis());
        assertEquals(1.0, x.getTickUnit().getSize(), 0.0);
        assertEquals(2.0, y.getTickUnit().getSize(), 0.0, "15 decades of loss: a tick every second decade");
        assertFalse(x.isAutoTickUnitSelection());
        assertTrue(p.getDataset().getSeriesKey(1).toString().startsWith("fit: slope -3.000"));
    }

    @Test
    void thePaletteIsOkabeItoWithoutYellow() {
        for (java.awt.Color c : Plots.PALETTE) {
            assertFalse(c.getRed() > 200 && c.getGreen() > 200 && c.getBlue() < 100, c.toString());
        }
        assertEquals(7, Plots.PALETTE.length);
    }

    /** The text of a tick label, attributed (a log axis's) or plain. */
    private static String label(org.jfree.chart.axis.Tick t) {
        if (t instanceof org.jfree.chart.axis.LogTick log && log.getAttributedLabel() != null) {
            java.text.AttributedCharacterIterator it = log.getAttributedLabel().getIterator();
            StringBuilder b = new StringBuilder();
            for (char c = it.first(); c != java.text.CharacterIterator.DONE; c = it.next()) {
                b.append(c);
            }
            return b.toString();
        }
        return t.getText();
    }

    @Test
    void theWidthAxisLabelsEveryPowerOfTwoWithItsValue() {
        org.jfree.data.xy.XYSeries s = new org.jfree.data.xy.XYSeries("risk");
        for (int m = 2; m <= 32; m *= 2) {
            s.add(m, 1.0 / m);
        }
        org.jfree.data.xy.XYSeriesCollection data = new org.jfree.data.xy.XYSeriesCollection(s);
        LogAxis axis = Plots.powersOfTwo("m", org.jfree.data.general.DatasetUtils.findDomainBounds(data));
        JFreeChart chart = Plots.chart("width", axis, "excess risk", data);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(900, 600,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
        chart.draw(g, new java.awt.Rectangle(900, 600), info);
        List<String> labels = new ArrayList<>();
        for (Object t : axis.refreshTicks(g, new org.jfree.chart.axis.AxisState(), info.getPlotInfo().getDataArea(),
                org.jfree.chart.ui.RectangleEdge.BOTTOM)) {
            labels.add(label((org.jfree.chart.axis.Tick) t));
        }
        g.dispose();
        assertEquals(List.of("2", "4", "8", "16", "32"), labels);
    }
}
