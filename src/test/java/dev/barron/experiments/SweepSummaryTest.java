package dev.barron.experiments;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The intervals of a sweep's summary against values computed elsewhere (scipy.stats, statsmodels). */
class SweepSummaryTest {

    private static List<SweepRecord> runs(double... x) {
        List<SweepRecord> out = new ArrayList<>();
        SweepPoint p = new SweepPoint(Map.of("seed", 1L));
        for (int i = 0; i < x.length; i++) {
            out.add(new SweepRecord(new SweepTask(i, p, i, i), Map.of("final_loss", String.valueOf(x[i])), 1));
        }
        return out;
    }

    @Test
    void theTIntervalMatchesPublishedValues() {
        // scipy.stats.t.interval(0.95, 4, loc=3, scale=scipy.stats.sem([1, 2, 3, 4, 5])) = (1.0367568385224428, 4.963243161477557)
        SweepSummary.Stat s = SweepSummary.mean("final_loss", runs(1, 2, 3, 4, 5));
        assertEquals(3.0, s.value(), 0.0);
        assertEquals(1.0367568385224428, s.low(), 1e-12);
        assertEquals(4.963243161477557, s.high(), 1e-12);
        assertEquals(5, s.n());
        // non-finite values (a diverged run's loss) are left out, and n says so
        SweepSummary.Stat t = SweepSummary.mean("final_loss", runs(1, Double.NaN, 3, Double.POSITIVE_INFINITY));
        assertEquals(2, t.n());
        assertEquals(2.0, t.value(), 0.0);
        // scipy.stats.t.interval(0.95, 1, loc=2, scale=scipy.stats.sem([1, 3])) = (-10.706204736174694, 14.706204736174694)
        assertEquals(-10.706204736174694, t.low(), 1e-10);
        SweepSummary.Stat one = SweepSummary.mean("final_loss", runs(7));
        assertTrue(Double.isNaN(one.low()) && one.interval().isEmpty(), "no interval from one value");
    }

    @Test
    void fractionsUseWilson() {
        // the Wilson score formula of docs/MATH.md section 8 evaluated in Python: (0.08894166839405476, 0.5323053349335656)
        SweepSummary.Stat f = SweepSummary.fraction("status=budget", 3, 12);
        assertEquals(0.25, f.value(), 0.0);
        assertEquals(0.08894166839405476, f.low(), 1e-12);
        assertEquals(0.5323053349335656, f.high(), 1e-12);
        assertEquals("wilson95", f.interval());
    }
}
