package dev.barron.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rfm, separation, double-descent and scaling-law: bad input refused whole, and small runs write their sets. */
class RandomFeaturesCommandTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("p", List.of("rfm", "--p", "3")),
                Arguments.of("p", List.of("rfm", "--p", "0.5")),
                Arguments.of("lambda", List.of("rfm", "--lambda", "-1", "--select", "fixed")),
                Arguments.of("m", List.of("rfm", "--m", "0")),
                Arguments.of("method", List.of("rfm", "--methods", "l2,l3")),
                Arguments.of("select", List.of("rfm", "--select", "cv")),
                Arguments.of("m", List.of("separation", "--m", "0")),
                Arguments.of("risk_target", List.of("separation", "--risk-target", "0")),
                Arguments.of("--ratios", List.of("double-descent", "--ratios", "0.5,-1")),
                Arguments.of("lambda_min", List.of("double-descent", "--lambda-min", "-1")),
                Arguments.of("model", List.of("scaling-law", "--model", "transformer")),
                Arguments.of("m", List.of("scaling-law", "--m", "0,10")),
                Arguments.of("--seeds", List.of("scaling-law", "--seeds", "0")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInputs")
    void badInputExitsWithTwoAndOneLineAndWritesNothing(String parameter, List<String> args) {
        Path out = dir.resolve("bad-" + Math.abs(args.hashCode()));
        List<String> full = new ArrayList<>(args);
        full.add("--out");
        full.add(out.toString());
        full.add("--quiet");
        CliRun run = CliRun.of(full.toArray(String[]::new));
        assertEquals(BarronCli.EXIT_BAD_INPUT, run.status(), run::toString);
        assertEquals(1, run.errWithoutNotices().lines().count(), run::toString);
        assertTrue(run.err().contains(parameter), run::toString);
        assertEquals("", run.out());
        assertFalse(Files.exists(out), "nothing written");
    }

    private static Path ran(String name, String... args) {
        Path out = dir.resolve(name);
        List<String> full = new ArrayList<>(List.of(args));
        full.addAll(List.of("--out", out.toString(), "--quiet", "--backend", "cpu"));
        CliRun run = CliRun.of(full.toArray(String[]::new));
        assertEquals(BarronCli.EXIT_OK, run.status(), run::toString);
        return out;
    }

    @Test
    void rfmRunsEveryMethodOnTheSameSample() throws IOException {
        Path out = ran("rfm", "rfm", "--n", "40", "--d", "3", "--m", "30", "--width", "4", "--methods", "l2,l1,lp,network",
                "--steps", "50", "--seeds", "1", "--lambda-count", "4");
        List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
        assertEquals(5, runs.size(), "a header and one run per method");
        assertTrue(runs.get(0).startsWith("method,seed,excess_risk"), runs.get(0));
        assertTrue(Files.exists(out.resolve("summary.md")));
        assertTrue(Files.readString(out.resolve("provenance.jsonl")).contains("git_commit"));
    }

    @Test
    void doubleDescentFindsAPeakAndWritesItsReport() throws IOException {
        Path out = ran("dd", "double-descent", "--n", "30", "--ratios", "0.5,1,2", "--seeds", "2", "--lambda-count", "5");
        String md = Files.readString(out.resolve("double_descent.md"));
        assertTrue(md.contains("min-norm") && md.contains("optimal ridge") && md.contains("Provenance"), md);
        assertTrue(Files.exists(out.resolve("double_descent.svg")));
        assertTrue(Files.readString(out.resolve("double_descent.csv")).startsWith("curve,fit,m,ratio,runs"));
    }

    @Test
    void scalingLawFitsItsGrid() throws IOException {
        Path out = ran("sl", "scaling-law", "--m", "5,10,20", "--n", "20,40", "--seeds", "1", "--bootstrap", "10", "--d", "3");
        assertTrue(Files.readString(out.resolve("scaling_law.csv")).startsWith("parameter,estimate,ci95_low,ci95_high"));
        assertTrue(Files.exists(out.resolve("scaling_law.svg")));
    }

    @Test
    void separationReportsTheSampleSizeNeeded() throws IOException {
        Path out = ran("sep", "separation", "--d", "2,3", "--n", "20,40", "--m", "20", "--width", "3", "--methods", "l2,l1",
                "--seeds", "1", "--steps", "20", "--risk-target", "0.5");
        String md = Files.readString(out.resolve("separation.md"));
        assertTrue(md.contains("n needed"), md);
        assertTrue(Files.exists(out.resolve("separation_d2.svg")) && Files.exists(out.resolve("separation_d3.svg")));
    }
}
