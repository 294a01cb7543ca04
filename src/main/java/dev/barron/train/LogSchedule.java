package dev.barron.train;

import dev.barron.model.Check;

/**
 * Log-spaced steps for metrics: 0 and round(10^(i / perDecade)) for i = 0, 1, 2, ...,
 * so that a log-log plot has evenly spaced points; the full angle matrices follow the same
 * rule with anglesPerDecade (coarser). The last step of a run is always logged with both.
 * perDecade = 0 logs only the last step.
 */
public record LogSchedule(int perDecade, int anglesPerDecade) {

    public LogSchedule {
        if (perDecade < 0) {
            throw Check.bad("log-per-decade", perDecade, "must be >= 0");
        }
        if (anglesPerDecade < 0) {
            throw Check.bad("angles-per-decade", anglesPerDecade, "must be >= 0");
        }
    }

    public static LogSchedule standard() {
        return new LogSchedule(20, 4);
    }

    public static LogSchedule lastOnly() {
        return new LogSchedule(0, 0);
    }

    /** The smallest scheduled step &gt;= step, or Long.MAX_VALUE when nothing is scheduled. */
    public static long atOrAfter(long step, int perDecade) {
        if (perDecade == 0) {
            return Long.MAX_VALUE;
        }
        if (step <= 0) {
            return 0;
        }
        int i = Math.max(0, (int) Math.floor(perDecade * StrictMath.log10(step)) - 2);
        while (true) {
            long s = Math.round(StrictMath.pow(10.0, i / (double) perDecade));
            if (s >= step) {
                return s;
            }
            i++;
        }
    }

    public long nextMetrics(long step) {
        return atOrAfter(step, perDecade);
    }

    public long nextAngles(long step) {
        return atOrAfter(step, anglesPerDecade);
    }
}
