package dev.barron.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PhasesTest {

    private static MetricsRow row(long t, double loss, double norm, double align) {
        return new MetricsRow(t, loss, 0, 0, norm, 0, 0, align, new double[0]);
    }

    @Test
    void aCubicTailGivesExponentMinusThreeAndThePhaseSteps() {
        List<MetricsRow> rows = new ArrayList<>();
        for (long t : new long[]{0, 1, 3, 10, 30, 100, 200, 400, 1000, 3000, 10000, 30000, 100000}) {
            double align = t < 30 ? 1.0 : 0.05;
            double norm = t < 200 ? 0.1 * (t + 1) / 200.0 : 3.0;
            double loss = t < 200 ? 1.0 : 5.0 * Math.pow(t, -3);
            rows.add(row(t, loss, norm, align));
        }
        Phases p = Phases.of(rows, Phases.Rules.standard());
        assertEquals(30, p.alignmentEnd());
        assertEquals(200, p.normGrowthEnd());
        assertEquals(-3.0, p.rateExponent(), 1e-9);
        assertTrue(p.powerLaw());
    }

    @Test
    void anExponentialTailIsLinearConvergence() {
        List<MetricsRow> rows = new ArrayList<>();
        for (long t = 0; t <= 2000; t += 50) {
            rows.add(row(t, Math.exp(-0.01 * t), 1.0, 0.01));
        }
        Phases p = Phases.of(rows, Phases.Rules.standard());
        assertEquals(-0.01, p.linearRate(), 1e-12);
        assertFalse(p.powerLaw());
    }

    @Test
    void noAlignmentMeansNoPhases() {
        List<MetricsRow> rows = List.of(row(0, 1, 1, 1), row(1, 0.5, 1, 1), row(2, 0.4, 1, 1));
        Phases p = Phases.of(rows, Phases.Rules.standard());
        assertEquals(-1, p.alignmentEnd());
        assertTrue(Double.isNaN(p.rateExponent()));
    }
}
