package dev.barron.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of a sweep in a child JVM while it appends runs, a torn line as a kill mid-write
 * leaves it, then resume: the summary must be the uninterrupted sweep's, byte for byte.
 */
class SweepKillTest {

    @TempDir
    Path tmp;

    /** 12 runs of a few tenths of a second each, appended one by one (--threads 1). */
    static final String SWEEP = """
            experiment: teacher-student
            backend: cpu
            seeds: 3
            parameters: {d: 10, k: 3, steps: 15000, lr: 0.3}
            grid: {m: [3, 4], init: [gaussian, xavier]}
            """;

    static long rows(Path csv) {
        try {
            return Files.exists(csv) ? Files.readAllLines(csv).size() - 1 : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void killNineMidSweepThenResumeGivesTheUninterruptedSummary() throws Exception {
        Path file = tmp.resolve("kill.yaml");
        Files.writeString(file, SWEEP);
        Path whole = tmp.resolve("whole");
        // in a JVM of its own: the summaries must not depend on anything a JVM draws at random (hash orders)
        FaultInjectionTest.Run w = FaultInjectionTest.child(List.of(), "sweep", file.toString(), "--out", whole.toString(),
                "--threads", "1", "--quiet");
        assertEquals(0, w.status(), w::toString);

        Path dir = tmp.resolve("killed");
        Process p = new ProcessBuilder(FaultInjectionTest.javaCommand(List.of(), "sweep", file.toString(), "--out",
                dir.toString(), "--threads", "1", "--quiet")).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (p.isAlive() && rows(dir.resolve("runs.csv")) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the sweep was still running when killed: " + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        long kept = rows(dir.resolve("runs.csv"));
        assertTrue(kept >= 3 && kept < 12, "killed mid-sweep: " + kept + " of 12 runs written");
        assertFalse(Files.exists(dir.resolve("summary.csv")), "no summary from a killed sweep");
        // what a kill in the middle of an append leaves
        Files.writeString(dir.resolve("runs.csv"), "4,xavier,12,budg", StandardOpenOption.APPEND);

        FaultInjectionTest.Run r = FaultInjectionTest.cli("sweep", "--resume", dir.toString(), "--threads", "1", "--quiet");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.err().contains("resuming: " + kept + " of 12 runs"), r::toString);
        for (String name : List.of("summary.csv", "summary.md", "summary.json")) {
            assertEquals(Files.readString(whole.resolve(name)), Files.readString(dir.resolve(name)), name);
        }
        assertEquals(13, Files.readAllLines(dir.resolve("runs.csv")).size(), "every run once, the torn line cut");
        assertEquals(2, Files.readAllLines(dir.resolve("provenance.jsonl")).size(), "two sessions");
    }
}
