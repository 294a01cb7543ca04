package dev.barron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barron.backend.cpu.CpuBackend;
import dev.barron.measures.ComplexityMeasures;
import dev.barron.measures.Measure;
import dev.barron.measures.MeasureInputs;
import dev.barron.measures.MeasureValues;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import org.junit.jupiter.api.BeforeAll;
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

/** barron measures and barron generalization on the command line: what they write, and bad input. */
class MeasuresCommandTest {

    @TempDir
    static Path dir;
    static Matrix w;
    static double[] a;
    static Matrix w0;
    static double[] a0;
    static Matrix x;
    static double[] y;

    @BeforeAll
    static void writeInputs() {
        CliFiles f = new CliFiles(dir, 5);
        w = f.gaussian(6, 4, 0.5);
        a = f.gaussian(6);
        w0 = f.gaussian(6, 4, 0.5);
        a0 = f.gaussian(6);
        x = f.gaussian(10, 4, 1);
        y = f.gaussian(10);
        f.npy("W.npy", w);
        f.npy("a.npy", a);
        f.npy("W0.npy", w0);
        f.npy("a0.npy", a0);
        f.npy("X.npy", x);
        f.npy("y.npy", y);
        f.npy("W0short.npy", f.gaussian(5, 4, 1));
        f.npy("W0wide.npy", f.gaussian(6, 3, 1));
        f.npy("a0short.npy", f.gaussian(5));
        Matrix xNan = f.gaussian(10, 4, 1);
        xNan.data()[13] = Double.NaN;
        f.npy("Xnan.npy", xNan);
    }

    @Test
    void writesEveryMeasureAsTheLibraryComputesIt() throws IOException {
        Path out = dir.resolve("m1");
        CliRun run = CliRun.of("measures", "--W", f("W.npy"), "--a", f("a.npy"), "--W0", f("W0.npy"), "--a0", f("a0.npy"),
                "--X", f("X.npy"), "--y", f("y.npy"), "--scaling", "mean-field", "--backend", "cpu", "--out", out.toString());
        assertEquals(0, run.status(), run::toString);
        JsonNode json = new ObjectMapper().readTree(out.resolve("measures.json").toFile());
        Network net = new Network(w, a, dev.barron.model.Scaling.MEAN_FIELD, dev.barron.model.Activation.RELU);
        MeasureValues expected = ComplexityMeasures.compute(new MeasureInputs(net, net.withWeights(w0, a0), x, y),
                new CpuBackend(Precision.F64));
        for (Measure m : Measure.values()) {
            assertEquals(expected.get(m), json.get("measures").get(m.key()).asDouble(), 0, m.key());
            assertEquals(m.definition(), json.get("definitions").get(m.key()).asText());
        }
        assertEquals("mean-field", json.get("scaling").asText());
    }

    @Test
    void withoutInitialisationOrDataOnlyTheMeasuresOfTheNetworkAlone() throws IOException {
        Path out = dir.resolve("m2");
        CliRun run = CliRun.of("measures", "--W", f("W.npy"), "--a", f("a.npy"), "--out", out.toString());
        assertEquals(0, run.status(), run::toString);
        JsonNode measures = new ObjectMapper().readTree(out.resolve("measures.json").toFile()).get("measures");
        for (Measure m : Measure.values()) {
            assertEquals(m.available(false, false), measures.has(m.key()), m.key());
        }
    }

    static Stream<Arguments> badInputs() {
        List<Arguments> c = new ArrayList<>();
        c.add(Arguments.of("W0 with fewer rows", "--W0", List.of("W0short.npy", "m = 6"),
                List.of("--W0", "W0short.npy", "--a0", "a0.npy")));
        c.add(Arguments.of("W0 of another d", "--W0", List.of("W0wide.npy", "d = 4"),
                List.of("--W0", "W0wide.npy", "--a0", "a0.npy")));
        c.add(Arguments.of("a0 of the wrong length", "--a0", List.of("a0short.npy", "must have 6 entries"),
                List.of("--W0", "W0.npy", "--a0", "a0short.npy")));
        c.add(Arguments.of("W0 without a0", "--a0", List.of("(missing)", "go together"), List.of("--W0", "W0.npy")));
        c.add(Arguments.of("distance without W0", "--W0", List.of("(missing)", "dist_init needs the initialisation"),
                List.of("--measures", "frobenius,dist_init")));
        c.add(Arguments.of("Fisher-Rao without data", "--X", List.of("(missing)", "fisher_rao needs data"),
                List.of("--measures", "fisher_rao")));
        c.add(Arguments.of("unknown measure", "--measures", List.of("vc_dim", "allowed: all, params"),
                List.of("--measures", "vc_dim")));
        c.add(Arguments.of("NaN in X", "--X", List.of("Xnan.npy", "NaN"), List.of("--X", "Xnan.npy", "--y", "y.npy")));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputExitsWith2AndOneLineAndWritesNothing(String label, String parameter, List<String> fragments, List<String> extra) {
        Path out = dir.resolve("bad-" + label.replaceAll("[^A-Za-z0-9]+", "_"));
        List<String> args = new ArrayList<>(List.of("measures", "--W", f("W.npy"), "--a", f("a.npy"), "--out", out.toString()));
        for (String e : extra) {
            args.add(e.endsWith(".npy") ? f(e) : e);
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertBad(run, parameter, fragments);
        assertFalse(Files.exists(out), "no output directory");
    }

    static Stream<Arguments> badStudies() {
        return Stream.of(
                Arguments.of("batch", List.of("32", "smallest n, 16"), List.of("--n", "16,64", "--batch", "32")),
                Arguments.of("projection", List.of("foo", "prox-bisection"), List.of("--projection", "foo")),
                Arguments.of("steps", List.of("= 0", ">= 1"), List.of("--steps", "0,10")),
                Arguments.of("lr", List.of("-1", "> 0"), List.of("--lr", "-1")),
                Arguments.of("k", List.of("20", "d = 10"), List.of("--k", "20")),
                Arguments.of("noise", List.of("NaN", "finite"), List.of("--noise", "NaN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStudies")
    void generalizationRefusesABadGrid(String parameter, List<String> fragments, List<String> extra) {
        Path out = dir.resolve("g-bad-" + parameter);
        List<String> args = new ArrayList<>(List.of("generalization", "--out", out.toString(), "--quiet"));
        args.addAll(extra);
        assertBad(CliRun.of(args.toArray(String[]::new)), parameter, fragments);
        assertFalse(Files.exists(out));
    }

    @Test
    void generalizationWritesTheTableAndResumesWithNothingLeft() throws IOException {
        Path out = dir.resolve("g1");
        String[] args = {"generalization", "--widths", "4", "--lr", "0.05", "--batch", "4", "--n", "8,16", "--init-scale", "1",
                "--radius", "0", "--steps", "20,40", "--seeds", "2", "--bootstrap", "20", "--backend", "cpu", "--out", out.toString(), "--quiet"};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), run::toString);
        assertTrue(run.out().contains("| path_l2 |"), run::toString);
        for (String name : List.of("networks.csv", "table.md", "table.csv", "summary.json", "study.json", "scatter_fisher_rao.png")) {
            assertTrue(Files.exists(out.resolve(name)), name);
        }
        assertEquals(9, Files.readAllLines(out.resolve("networks.csv")).size());
        CliRun again = CliRun.of("generalization", "--resume", out.toString(), "--quiet");
        assertEquals(0, again.status(), again::toString);
        assertTrue(again.err().contains("8 of 8 networks already"), again::toString);
        CliRun conflicting = CliRun.of("generalization", "--resume", out.toString(), "--seeds", "3");
        assertBad(conflicting, "--seeds", List.of("conflicts with --resume"));
    }

    private static void assertBad(CliRun run, String parameter, List<String> fragments) {
        assertEquals(BarronCli.EXIT_BAD_INPUT, run.status(), run::toString);
        String err = run.errWithoutNotices();
        assertEquals(1, err.lines().count(), () -> "exactly one line on stderr: " + run);
        assertTrue(err.contains(parameter), () -> "names " + parameter + ": " + err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), () -> "should contain '" + fragment + "': " + err);
        }
        assertEquals("", run.out(), "nothing on stdout");
    }

    private static String f(String name) {
        return dir.resolve(name).toString();
    }
}
