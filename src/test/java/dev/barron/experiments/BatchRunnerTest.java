package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches that may run at once start largest problem first (ties in sweep order), and each comes
 * back once, with its own outcomes; one at a time they keep sweep order.
 */
class BatchRunnerTest {

    /** Points of one parameter, m; a batch's outcome records which batch ran it. */
    private static final class Widths implements SweepExperiment {
        final int atOnce;

        Widths(int atOnce) {
            this.atOnce = atOnce;
        }

        @Override public String name() { return "widths"; }
        @Override public String description() { return "test"; }
        @Override public List<SweepParam> parameters() { return List.of(); }
        @Override public List<SweepColumn> results() { return List.of(); }
        @Override public ProblemSize size(SweepPoint p) { return new ProblemSize(p.integer("m"), 1, 4, 0); }
        @Override public int concurrentBatches(Backend backend, int threads) { return atOnce; }

        @Override
        public List<SweepOutcome> run(Backend backend, List<SweepTask> batch, int threads) {
            List<SweepOutcome> out = new ArrayList<>();
            for (SweepTask t : batch) {
                out.add(new SweepOutcome(List.of(t.index()), Map.of()));
            }
            return out;
        }
    }

    private static List<List<SweepTask>> batches(int... widths) {
        List<List<SweepTask>> out = new ArrayList<>();
        long index = 0;
        for (int m : widths) {
            SweepPoint p = new SweepPoint(Map.of("m", m));
            out.add(List.of(new SweepTask(index++, p, 0, 1), new SweepTask(index++, p, 1, 2)));
        }
        return out;
    }

    /** Every batch handed back once, with the outcomes of its own tasks; the widths in the order they came. */
    private static List<Integer> handedBack(Widths ex, List<List<SweepTask>> batches) throws Exception {
        List<Integer> order = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        try (BatchRunner runner = new BatchRunner(ex, null, 2, batches)) {
            for (int b = 0; b < runner.count(); b++) {
                BatchRunner.Done done = runner.next();
                for (int i = 0; i < done.batch().size(); i++) {
                    assertEquals(done.batch().get(i).index(), done.outcomes().get(i).values().get(0), "outcome of its own task");
                    assertTrue(seen.add(done.batch().get(i).index()), "each task once");
                }
                order.add(done.batch().get(0).point().integer("m"));
            }
        }
        assertEquals(2 * batches.size(), seen.size());
        return order;
    }

    @Test
    void atOnceTheLargestProblemsStartFirstAndEveryBatchComesBack() throws Exception {
        List<List<SweepTask>> batches = batches(6, 20, 9, 20, 12);
        List<List<SweepTask>> order = BatchRunner.largestFirst(batches, new Widths(3));
        assertEquals(List.of(2L, 6L, 8L, 4L, 0L), order.stream().map(b -> b.get(0).index()).toList(), "by size, ties in sweep order");
        List<Integer> back = handedBack(new Widths(3), batches);
        back.sort(null);
        assertEquals(List.of(6, 9, 12, 20, 20), back);
    }

    @Test
    void oneAtATimeKeepsSweepOrder() throws Exception {
        assertEquals(List.of(6, 20, 9, 20, 12), handedBack(new Widths(1), batches(6, 20, 9, 20, 12)));
    }
}
