package dev.barron.experiments;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** n(eps) on a curve that is an exact power law between its points is that power law's n. */
class SeparationReportTest {

    @Test
    void sampleSizeNeededFollowsThePowerLawBetweenPoints() {
        // risk = 10 n^-1 between n = 200 and 400: n(eps) = 10 / eps
        List<double[]> curve = List.of(new double[]{100, 0.2}, new double[]{200, 0.05}, new double[]{400, 0.025});
        assertEquals(10 / 0.03, SeparationReport.needed(curve, 0.03), 1e-9);
        assertTrue(Double.isNaN(SeparationReport.needed(curve, 0.01)), "never reached");
        assertEquals(-100, SeparationReport.needed(curve, 0.5), "reached at the smallest n");
        assertEquals("> 400", SeparationReport.shown(Double.NaN, curve));
        assertEquals("<= 100", SeparationReport.shown(-100, curve));
    }
}
