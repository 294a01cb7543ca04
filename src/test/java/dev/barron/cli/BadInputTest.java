package dev.barron.cli;

import dev.barron.model.Matrix;
import org.junit.jupiter.api.BeforeAll;
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

/**
 * Every kind of bad input gives exit status 2, exactly one line on stderr that names the
 * parameter, the value and what is allowed, nothing on stdout, and no output directory.
 */
class BadInputTest {

    @TempDir
    static Path dir;

    /** Files every case may use: a valid network (m = 3, d = 4), teacher (k = 2) and data (n = 5), and broken variants. */
    @BeforeAll
    static void writeInputs() throws IOException {
        CliFiles f = new CliFiles(dir, 1);
        f.npy("W.npy", f.gaussian(3, 4, 1));
        f.npy("a.npy", f.gaussian(3));
        f.npy("V.npy", f.gaussian(2, 4, 1));
        f.npy("b.npy", f.gaussian(2));
        f.npy("X.npy", f.gaussian(5, 4, 1));
        f.npy("y.npy", f.gaussian(5));
        f.npy("W1d.npy", f.gaussian(4));
        f.npy("a4.npy", f.gaussian(4));
        f.npy("a2x2.npy", f.gaussian(2, 2, 1));
        f.npy("V5.npy", f.gaussian(2, 5, 1));
        f.npy("X3.npy", f.gaussian(5, 3, 1));
        f.npy("y6.npy", f.gaussian(6));
        f.npy("b3.npy", f.gaussian(3));
        f.npy("W0.npy", Matrix.zeros(0, 4));
        f.npy("Wd0.npy", Matrix.zeros(3, 0));
        f.npy("V0.npy", Matrix.zeros(0, 4));
        f.npy("X0.npy", Matrix.zeros(0, 4));
        f.npy("a0.npy", new double[0]);
        Matrix withNan = f.gaussian(3, 4, 1);
        withNan.data()[6] = Double.NaN;
        f.npy("Wnan.npy", withNan);
        double[] withInf = f.gaussian(3);
        withInf[2] = Double.POSITIVE_INFINITY;
        f.npy("ainf.npy", withInf);
        Matrix vNan = f.gaussian(2, 4, 1);
        vNan.data()[0] = Double.NaN;
        f.npy("Vnan.npy", vNan);
        Matrix xInf = f.gaussian(5, 4, 1);
        xInf.data()[19] = Double.NEGATIVE_INFINITY;
        f.npy("Xinf.npy", xInf);
        Files.writeString(dir.resolve("Wnan.csv"), "1,2,3,4\n5,nan,7,8\n1,1,1,1\n");
        Files.writeString(dir.resolve("empty.csv"), "# nothing\n");
        Files.writeString(dir.resolve("ragged.csv"), "1,2,3,4\n5,6\n1,1,1,1\n");
        Files.writeString(dir.resolve("W.txt"), "1,2,3,4\n");
        Files.writeString(dir.resolve("afile"), "not a directory\n");
    }

    private static Arguments bad(String label, String parameter, String[] fragments, String... args) {
        return Arguments.of(label, parameter, List.of(fragments), List.of(args));
    }

    private static String[] has(String... fragments) {
        return fragments;
    }

    static Stream<Arguments> cases() {
        String[] net = {"--W", "W.npy", "--a", "a.npy"};
        List<Arguments> c = new ArrayList<>();
        for (String cmd : List.of("eval", "prox", "project")) {
            String[] extra = switch (cmd) {
                case "prox" -> new String[]{"--lambda", "0.1"};
                case "project" -> new String[]{"--radius", "1"};
                default -> new String[]{"--V", "V.npy", "--b", "b.npy"};
            };
            c.add(bad(cmd + ": missing --W file", "--W", has("nope.npy", "file not found"),
                    join(cmd, new String[]{"--W", "nope.npy", "--a", "a.npy"}, extra)));
            c.add(bad(cmd + ": missing --a file", "--a", has("nope.csv", "file not found"),
                    join(cmd, new String[]{"--W", "W.npy", "--a", "nope.csv"}, extra)));
            c.add(bad(cmd + ": 1-D --W", "--W", has("W1d.npy", "(4,)", "2-D"),
                    join(cmd, new String[]{"--W", "W1d.npy", "--a", "a.npy"}, extra)));
            c.add(bad(cmd + ": --a of the wrong length", "--a", has("a4.npy", "(4,)", "must have 3 entries"),
                    join(cmd, new String[]{"--W", "W.npy", "--a", "a4.npy"}, extra)));
            c.add(bad(cmd + ": matrix --a", "--a", has("a2x2.npy", "(2, 2)", "must be a vector"),
                    join(cmd, new String[]{"--W", "W.npy", "--a", "a2x2.npy"}, extra)));
            c.add(bad(cmd + ": NaN in --W", "--W", has("Wnan.npy", "[1, 2]", "NaN", "must be finite"),
                    join(cmd, new String[]{"--W", "Wnan.npy", "--a", "a.npy"}, extra)));
            c.add(bad(cmd + ": nan in a CSV --W", "--W", has("Wnan.csv", "[1, 1]", "NaN"),
                    join(cmd, new String[]{"--W", "Wnan.csv", "--a", "a.npy"}, extra)));
            c.add(bad(cmd + ": Inf in --a", "--a", has("ainf.npy", "[2]", "Infinity"),
                    join(cmd, new String[]{"--W", "W.npy", "--a", "ainf.npy"}, extra)));
            c.add(bad(cmd + ": empty network", "--W", has("W0.npy", "(0, 4)", "at least one neuron"),
                    join(cmd, new String[]{"--W", "W0.npy", "--a", "a0.npy"}, extra)));
            c.add(bad(cmd + ": zero input dimension", "--W", has("Wd0.npy", "(3, 0)", "d >= 1"),
                    join(cmd, new String[]{"--W", "Wd0.npy", "--a", "a.npy"}, extra)));
            c.add(bad(cmd + ": empty CSV", "--W", has("empty.csv", "no numbers"),
                    join(cmd, new String[]{"--W", "empty.csv", "--a", "a.npy"}, extra)));
            c.add(bad(cmd + ": ragged CSV", "--W", has("ragged.csv", "line 2"),
                    join(cmd, new String[]{"--W", "ragged.csv", "--a", "a.npy"}, extra)));
            c.add(bad(cmd + ": unknown extension", "--W", has("W.txt", ".npy, .csv"),
                    join(cmd, new String[]{"--W", "W.txt", "--a", "a.npy"}, extra)));
            c.add(bad(cmd + ": unknown option", "--frobnicate", has("Unknown option", "allowed", "--W"),
                    join(cmd, net, extra, "--frobnicate")));
            c.add(bad(cmd + ": unknown backend", "--backend", has("quantum", "allowed: auto, cpu"),
                    join(cmd, net, extra, "--backend", "quantum")));
            c.add(bad(cmd + ": unknown precision", "--precision", has("f16", "allowed: f64, f32"),
                    join(cmd, net, extra, "--precision", "f16")));
            c.add(bad(cmd + ": unknown scaling", "--scaling", has("ntk", "allowed: plain, mean-field"),
                    join(cmd, net, extra, "--scaling", "ntk")));
            c.add(bad(cmd + ": --out is a file", "--out", has("afile", "not a directory"),
                    join(cmd, net, extra, "--out", "afile")));
            c.add(bad(cmd + ": --W missing", "--W", has("Missing required option"),
                    join(cmd, new String[]{"--a", "a.npy"}, extra)));
        }
        c.add(bad("prox: negative lambda", "--lambda", has("-0.5", ">= 0"), "prox", "--W", "W.npy", "--a", "a.npy", "--lambda", "-0.5"));
        c.add(bad("prox: NaN lambda", "--lambda", has("NaN", "finite"), "prox", "--W", "W.npy", "--a", "a.npy", "--lambda", "NaN"));
        c.add(bad("prox: infinite lambda", "--lambda", has("Infinity", "finite"), "prox", "--W", "W.npy", "--a", "a.npy", "--lambda", "Infinity"));
        c.add(bad("prox: lambda not a number", "--lambda", has("'big'"), "prox", "--W", "W.npy", "--a", "a.npy", "--lambda", "big"));
        c.add(bad("prox: lambda missing", "--lambda", has("Missing required option"), "prox", "--W", "W.npy", "--a", "a.npy"));
        c.add(bad("project: negative radius", "--radius", has("-1", ">= 0"), "project", "--W", "W.npy", "--a", "a.npy", "--radius", "-1"));
        c.add(bad("project: unknown method", "--method", has("newton", "prox-bisection, rescale, l1-outer"),
                "project", "--W", "W.npy", "--a", "a.npy", "--radius", "1", "--method", "newton"));
        String[] teacher = {"--V", "V.npy", "--b", "b.npy"};
        c.add(bad("eval: --V of another d", "--V", has("V5.npy", "(2, 5)", "d = 4"), join("eval", net, new String[]{"--V", "V5.npy", "--b", "b.npy"})));
        c.add(bad("eval: --b of the wrong length", "--b", has("b3.npy", "must have 2 entries"), join("eval", net, new String[]{"--V", "V.npy", "--b", "b3.npy"})));
        c.add(bad("eval: empty teacher", "--V", has("V0.npy", "at least 1 row"), join("eval", net, new String[]{"--V", "V0.npy", "--b", "a0.npy"})));
        c.add(bad("eval: NaN in --V", "--V", has("Vnan.npy", "[0, 0]", "NaN"), join("eval", net, new String[]{"--V", "Vnan.npy", "--b", "b.npy"})));
        c.add(bad("eval: --V without --b", "--b", has("(missing)", "--V and --b go together"), join("eval", net, new String[]{"--V", "V.npy"})));
        c.add(bad("eval: --y without --X", "--X", has("(missing)", "--X and --y go together"), join("eval", net, new String[]{"--y", "y.npy"})));
        c.add(bad("eval: --X of another d", "--X", has("X3.npy", "(5, 3)", "d = 4"), join("eval", net, new String[]{"--X", "X3.npy", "--y", "y.npy"})));
        c.add(bad("eval: --y of the wrong length", "--y", has("y6.npy", "must have 5 entries"), join("eval", net, new String[]{"--X", "X.npy", "--y", "y6.npy"})));
        c.add(bad("eval: Inf in --X", "--X", has("Xinf.npy", "[4, 3]", "-Infinity"), join("eval", net, new String[]{"--X", "Xinf.npy", "--y", "y.npy"})));
        c.add(bad("eval: no samples", "--X", has("X0.npy", "at least 1 row"), join("eval", net, new String[]{"--X", "X0.npy", "--y", "a0.npy"})));
        c.add(bad("eval: unknown activation", "--activation", has("tanh", "relu, step, erf, relu2"), join("eval", net, teacher, "--activation", "tanh")));
        for (String[] option : new String[][]{{"--teacher", "random", "orthogonal, identity, gaussian, files"},
                {"--init", "he", "gaussian, xavier, files"}, {"--outer-init", "zeros", "balanced, ones"},
                {"--objective", "batch", "population, online, fixed"}, {"--scaling", "ntk", "plain, mean-field"},
                {"--activation", "tanh", "relu, step, erf, relu2"}, {"--project-method", "newton", "prox-bisection, rescale, l1-outer"}}) {
            c.add(bad("teacher-student: unknown " + option[0], option[0], has("'" + option[1] + "'", "allowed: " + option[2]),
                    "teacher-student", "--steps", "10", option[0], option[1]));
        }
        c.add(bad("teacher-student: l1-outer with erf", "activation", has("erf", "l1-outer", "only for relu"),
                "teacher-student", "--steps", "10", "--project-radius", "1", "--project-method", "l1-outer", "--activation", "erf"));
        c.add(bad("survey: a teacher the survey does not draw", "--teacher", has("'gaussian'", "allowed: identity, orthogonal"),
                "survey", "--k", "2", "--runs", "1", "--teacher", "gaussian"));
        c.add(bad("survey: unknown init", "--init", has("'files'", "allowed: xavier, gaussian"),
                "survey", "--k", "2", "--runs", "1", "--init", "files"));
        c.add(bad("generalization: unknown projection", "--projection", has("'newton'", "prox-bisection, rescale, l1-outer"),
                "generalization", "--projection", "newton"));
        c.add(bad("unknown command", "frobnicate", has("unknown command", "allowed: commands eval, prox, project, "), "frobnicate"));
        c.add(bad("devices: unknown option", "--all", has("Unknown option"), "devices", "--all"));
        return c.stream();
    }

    private static String[] join(String cmd, String[] a, String[] b, String... more) {
        List<String> all = new ArrayList<>(List.of(cmd));
        all.addAll(List.of(a));
        all.addAll(List.of(b));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String[] join(String cmd, String[] a, String[] b) {
        return join(cmd, a, b, new String[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsWithStatus2AndOneLineAndWritesNothing(String label, String parameter, List<String> fragments, List<String> args)
            throws IOException {
        Path out = dir.resolve("out-" + label.replaceAll("[^A-Za-z0-9]+", "_"));
        List<String> full = new ArrayList<>();
        for (String arg : args) {
            // file names are relative to the shared input directory; a bare word stays as it is
            full.add(arg.matches("[A-Za-z0-9]+\\.(npy|csv|txt)|afile") ? dir.resolve(arg).toString() : arg);
        }
        if (!args.contains("--out") && !label.contains("unknown command") && !args.get(0).equals("devices")) {
            full.add("--out");
            full.add(out.toString());
        }
        CliRun run = CliRun.of(full.toArray(String[]::new));
        assertEquals(BarronCli.EXIT_BAD_INPUT, run.status(), run::toString);
        String err = run.errWithoutNotices();
        assertEquals(1, err.lines().count(), () -> "exactly one line on stderr: " + run);
        assertTrue(err.contains(parameter), () -> "names the parameter " + parameter + ": " + err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), () -> "should contain '" + fragment + "': " + err);
        }
        assertEquals("", run.out(), "nothing on stdout");
        assertFalse(Files.exists(out), "no output directory");
        try (Stream<Path> listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().startsWith("out-")), "no output directory at all");
        }
    }
}
