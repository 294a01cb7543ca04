package dev.barron.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The oracle for a sharded or interrupted survey is the same survey run in one go: their
 * summaries must be identical byte for byte.
 */
class SurveyTest {

    @TempDir
    Path tmp;

    /** k = m = 10 with identity teachers has spurious minima in about a third of the runs (Safran-Shamir). */
    static SurveyConfig small() {
        return new SurveyConfig(List.of(3, 10), List.of("k"), 5, TeacherKind.IDENTITY, 0, InitKind.XAVIER, 1, 0.1, 1e-8, 1e-3,
                200_000, 7, "cpu", null, null);
    }

    static void runWhole(SurveyConfig cfg, Shard shard, Path dir) throws Exception {
        try (Sweep.Prepared p = Survey.prepare(cfg, shard, dir, s -> { })) {
            assertTrue(Survey.execute(p, 2, ProgressBar.silent(), Survey.Interruption.NEVER));
        }
    }

    static String read(Path dir, String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void twoShardsMergedGiveTheSingleMachineSummary() throws Exception {
        SurveyConfig cfg = small();
        Path single = tmp.resolve("single");
        runWhole(cfg, Shard.whole(), single);
        runWhole(cfg, new Shard(1, 2), tmp.resolve("s1"));
        runWhole(cfg, new Shard(2, 2), tmp.resolve("s2"));
        Path merged = tmp.resolve("merged");
        assertEquals(10, SweepMerge.merge(List.of(tmp.resolve("s2"), tmp.resolve("s1")), merged, s -> { }));
        assertEquals(read(single, "summary.csv"), read(merged, "summary.csv"));
        assertEquals(read(single, SurveySummary.POINTS_CSV), read(merged, SurveySummary.POINTS_CSV));
        assertEquals(read(single, "summary.md"), read(merged, "summary.md"));
        assertTrue(read(single, "summary.md").contains("distinct spurious points"),
                "this configuration should meet at least one spurious point, so that points and Hessians are compared too");
        List<SurveyRun> a = Survey.readRuns(tmp.resolve("s1").resolve("runs.csv"), true);
        List<SurveyRun> b = Survey.readRuns(tmp.resolve("s2").resolve("runs.csv"), true);
        assertEquals(10, a.size() + b.size(), "the shards split the 10 runs");
    }

    @Test
    void anIncompleteOrMixedSetOfShardsIsRefusedAndNothingIsWritten() throws Exception {
        SurveyConfig cfg = small();
        runWhole(cfg, new Shard(1, 2), tmp.resolve("s1"));
        Path out = tmp.resolve("merged");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepMerge.merge(List.of(tmp.resolve("s1")), out, s -> { }));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertFalse(Files.exists(out));
        assertThrows(IllegalArgumentException.class, () -> SweepMerge.merge(List.of(tmp.resolve("s1"), tmp.resolve("s1")), out, s -> { }));
        assertFalse(Files.exists(out));
    }

    @Test
    void anInterruptedSurveyWithATornLineResumesToTheSameSummary() throws Exception {
        SurveyConfig cfg = small();
        Path single = tmp.resolve("single");
        runWhole(cfg, Shard.whole(), single);
        Path dir = tmp.resolve("interrupted");
        try (Sweep.Prepared p = Survey.prepare(cfg, Shard.whole(), dir, s -> { })) {
            assertFalse(Survey.execute(p, 2, ProgressBar.silent(), n -> n >= 4));
        }
        assertFalse(Files.exists(dir.resolve("summary.csv")));
        // A kill in the middle of an append leaves half a line.
        Files.writeString(dir.resolve("runs.csv"), "10,10,12345,17", StandardOpenOption.APPEND);
        try (Sweep.Prepared p = Survey.prepare(cfg, Shard.whole(), dir, s -> { })) {
            assertEquals(4, p.done());
            assertEquals(6, p.todo().size());
            assertTrue(Survey.execute(p, 1, ProgressBar.silent(), Survey.Interruption.NEVER));
        }
        assertEquals(read(single, "summary.csv"), read(dir, "summary.csv"));
        assertEquals(read(single, "summary.md"), read(dir, "summary.md"));
        assertEquals(10, Survey.readRuns(dir.resolve("runs.csv"), true).size());
    }

    @Test
    void shardsPartitionThePlan() {
        SurveyConfig cfg = small();
        List<SweepTask> plan = Survey.plan(cfg);
        Set<Long> seeds = new HashSet<>();
        List<Long> covered = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            for (SweepTask p : plan) {
                if (p.index() % 3 == i - 1) {
                    covered.add(p.index());
                }
            }
        }
        for (SweepTask p : plan) {
            seeds.add(p.seed());
        }
        assertEquals(plan.size(), new HashSet<>(covered).size());
        assertEquals(plan.size(), covered.size());
        assertEquals(plan.size(), seeds.size(), "every run has its own seed");
    }

    @Test
    void widthRules() {
        assertEquals(6, SurveyConfig.width("k", 6));
        assertEquals(7, SurveyConfig.width("k+1", 6));
        assertEquals(12, SurveyConfig.width("2k", 6));
        assertEquals(11, SurveyConfig.width("2k-1", 6));
        assertEquals(4, SurveyConfig.width("4", 6));
        assertThrows(IllegalArgumentException.class, () -> SurveyConfig.width("k-6", 6));
        assertThrows(IllegalArgumentException.class, () -> SurveyConfig.width("m", 6));
    }

    @Test
    void wilsonIntervalMatchesPublishedValues() {
        // statsmodels proportion_confint(x, n, method="wilson")
        double[] a = Wilson.interval(5, 10, Wilson.Z95);
        assertEquals(0.23659309, a[0], 1e-8);
        assertEquals(0.76340691, a[1], 1e-8);
        double[] b = Wilson.interval(0, 10, Wilson.Z95);
        assertEquals(0.0, b[0], 0.0, "no spurious run: the lower bound is exactly 0, as summary.csv prints it");
        assertEquals(0.27753279, b[1], 1e-8);
        double[] c = Wilson.interval(200, 200, Wilson.Z95);
        assertEquals(1.0, c[1], 0.0);
    }
}
