package dev.barron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barron.io.WeightFiles;
import dev.barron.math.PathNorms;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
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

class ErmCommandTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void inputs() throws IOException {
        CliFiles f = new CliFiles(dir, 3);
        f.npy("V.npy", f.gaussian(3, 4, 0.5));
        f.npy("b.npy", f.gaussian(3));
        f.npy("X.npy", f.gaussian(40, 4, 1));
        f.npy("y.npy", f.gaussian(40));
        f.npy("X5.npy", f.gaussian(40, 5, 1));
        Files.writeString(dir.resolve("Xnan.csv"), "1,2,3,4\n5,nan,7,8\n1,1,1,1\n");
        Files.writeString(dir.resolve("y3.csv"), "1\n2\n3\n");
    }

    private static String p(String name) {
        return dir.resolve(name).toString();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("--n", List.of("erm", "--n", "0")),
                Arguments.of("--radius", List.of("erm", "--radius", "0")),
                Arguments.of("--radius", List.of("erm", "--radius", "-1")),
                Arguments.of("--radius-factor", List.of("erm", "--radius-factor", "0")),
                Arguments.of("--X", List.of("erm", "--V", p("V.npy"), "--b", p("b.npy"), "--X", p("X5.npy"), "--y", p("y.npy"))),
                Arguments.of("--X", List.of("erm", "--X", p("Xnan.csv"), "--y", p("y3.csv"))),
                Arguments.of("--inputs", List.of("erm", "--inputs", "cauchy")),
                Arguments.of("--n-min", List.of("rate", "--n-min", "0")),
                Arguments.of("radius-factor", List.of("rate", "--radius-factor", "-2")),
                Arguments.of("--seeds", List.of("rate", "--seeds", "0")));
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

    @Test
    void ermOnGivenDataAndTeacherWritesItsSetAndStaysInTheBall() throws IOException {
        Path out = dir.resolve("fit");
        CliRun run = CliRun.of("erm", "--V", p("V.npy"), "--b", p("b.npy"), "--X", p("X.npy"), "--y", p("y.npy"), "--m", "6",
                "--radius", "0.5", "--steps", "50", "--inputs", "uniform", "--eval-points", "20000", "--out", out.toString(),
                "--quiet");
        assertEquals(0, run.status(), run::toString);
        JsonNode doc = new ObjectMapper().readTree(out.resolve("erm.json").toFile());
        assertEquals(40, doc.at("/config/n").asInt());
        assertEquals(4, doc.at("/config/d").asInt());
        assertFalse(doc.at("/result/excess_risk_exact").asBoolean());
        assertTrue(doc.at("/result/excess_risk_std_err").asDouble() > 0);
        assertTrue(doc.has("provenance"));
        Matrix w = WeightFiles.readMatrix(out.resolve("W.npy"), "W");
        double[] a = WeightFiles.readVector(out.resolve("a.npy"), "a");
        assertEquals(6, w.rows());
        double norm = PathNorms.l1(Network.relu(w, a));
        assertTrue(norm <= 0.5 * (1 + 1e-12), "path norm " + norm);
        assertEquals(norm, doc.at("/result/path_norm").asDouble(), 1e-12);
        assertTrue(Files.readString(out.resolve("curve.csv")).startsWith("step,train_risk,excess_risk,path_norm\n"));
        assertTrue(Files.exists(out.resolve("curve.svg")));
        assertTrue(run.out().contains("train risk"));
    }

    @Test
    void rateWritesFitsAndResumesWithNothingLeftToDo() throws IOException {
        Path out = dir.resolve("rate");
        String[] args = {"rate", "--d", "3", "--n-min", "50", "--n-max", "500", "--per-decade", "2", "--m", "4", "--widths",
                "2,4", "--width-n", "100", "--seeds", "2", "--steps", "30", "--out", out.toString(), "--quiet"};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), run::toString);
        List<String> rate = Files.readAllLines(out.resolve("rate.csv"));
        assertTrue(rate.get(0).startsWith("d,m,radius,exponent,std_err,ci95_low,ci95_high"));
        assertEquals(3, rate.size(), "constrained and unconstrained at d = 3");
        String[] constrained = rate.get(1).split(",");
        assertEquals("1.0", constrained[2]);
        assertTrue(Double.parseDouble(constrained[11]) > 0, "bound constant C > 0");
        // n in {50, 158, 500} plus the widths at n = 100: (3 + 2) points x 2 radii x 2 seeds
        assertEquals(1 + 20, Files.readAllLines(out.resolve("runs.csv")).size());
        for (String f : List.of("rate.md", "rate.json", "rate_d3.svg", "width_d3.svg", "summary.csv", "provenance.jsonl")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        CliRun again = CliRun.of("rate", "--resume", out.toString(), "--quiet");
        assertEquals(0, again.status(), again::toString);
        assertTrue(again.err().contains("resuming: 20 of 20"), again::toString);
        assertEquals(rate, Files.readAllLines(out.resolve("rate.csv")));
    }
}
