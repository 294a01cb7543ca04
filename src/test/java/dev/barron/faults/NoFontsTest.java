package dev.barron.faults;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM whose Java2D fonts cannot load (a Debian JDK's font manager links the system's
 * libharfbuzz and libfreetype; here empty files of those names come first on the loader path, as
 * on a machine without them): a survey still exits 0 with every data file and its summary, no
 * figures, and one note saying why. Skipped on a JDK whose font manager brings its own libraries.
 */
class NoFontsTest {

    @TempDir
    Path tmp;

    @Test
    void aSurveyWithoutFontsWritesEveryDataFileAndOneNote() throws Exception {
        Path broken = Files.createDirectories(tmp.resolve("lib"));
        for (String lib : List.of("libharfbuzz.so.0", "libfreetype.so.6")) {
            Files.createFile(broken.resolve(lib));
        }
        Path out = tmp.resolve("survey");
        ProcessBuilder pb = new ProcessBuilder(FaultInjectionTest.javaCommand(List.of("--add-modules=jdk.incubator.vector"),
                "survey", "--k", "6", "--m", "k", "--runs", "6", "--teacher", "identity", "--init", "xavier",
                "--lr", "0.1", "--grad-tol", "1e-6", "--threshold", "1e-3", "--steps", "20000", "--threads", "1",
                "--backend", "cpu", "--out", out.toString()));
        pb.environment().put("LD_LIBRARY_PATH", broken + ":" + pb.environment().getOrDefault("LD_LIBRARY_PATH", ""));
        FaultInjectionTest.Run r = FaultInjectionTest.waitFor(pb.start(), 120);
        assertEquals(0, r.status(), r::toString);
        List<String> notes = r.err().lines().filter(l -> l.startsWith("note: figures not drawn")).toList();
        Assumptions.assumeFalse(notes.isEmpty() && figures(out) > 0, "this JDK's font manager loads its own libraries");
        assertEquals(1, notes.size(), r::toString);
        assertEquals(0, figures(out), "no figure is written");
        for (String f : List.of("runs.csv", "summary.md", "summary.csv", "summary.json", "provenance.jsonl")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " is written");
        }
    }

    private static long figures(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".svg") || p.toString().endsWith(".png")).count();
        }
    }
}
