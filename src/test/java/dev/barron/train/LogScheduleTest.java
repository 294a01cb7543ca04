package dev.barron.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LogScheduleTest {

    @Test
    void tenPerDecadeGivesTheRoundedPowersOfTenToTheTenth() {
        List<Long> steps = new ArrayList<>();
        long s = 0;
        while (s <= 100) {
            s = LogSchedule.atOrAfter(s, 10);
            if (s > 100) {
                break;
            }
            steps.add(s);
            s++;
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 8L, 10L, 13L, 16L, 20L, 25L, 32L, 40L, 50L, 63L, 79L, 100L), steps);
    }

    @Test
    void atOrAfterIsTheSmallestScheduledStepNotBelow() {
        for (long t = 0; t < 5000; t += 7) {
            long next = LogSchedule.atOrAfter(t, 20);
            assertTrue(next >= t);
            if (next > t) {
                assertEquals(next, LogSchedule.atOrAfter(t + 1, 20), "no scheduled step strictly between " + t + " and " + next);
            }
        }
        assertEquals(Long.MAX_VALUE, LogSchedule.atOrAfter(5, 0));
    }
}
