package dev.barron.cli;

import dev.barron.backend.*;
import dev.barron.model.*;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java API tour of README.md compiles and runs: the block between the markers below is
 * the README's snippet, character for character (checked by {@link #readmeShowsExactlyThisSnippet}).
 */
class ReadmeExampleTest {

    private static void readmeSnippet() {
        // README:begin
        Network student = new Network(Matrix.of(new double[]{1, 0.2, 0}, new double[]{0.1, 1, 0},
                new double[]{0, 0.3, 1}), new double[]{1, 1, 1}, Scaling.PLAIN, Activation.RELU); // m = 3, d = 3
        Teacher teacher = new Teacher(Matrix.of(new double[]{1, 0, 0}, new double[]{0, 1, 0}), new double[]{1, 1});
        try (Backend backend = Backends.open("auto", BackendOptions.defaults(), // or "cpu", "opencl", ...
                new ProblemSize(3, 2, 3, 0), System.err::println)) {
            LossGradient lg = backend.populationLossAndGradient(student, teacher); // closed form, x ~ N(0, I)
            ProxResult prox = backend.pathNormProx(student, 0.1);                  // exact prox of 0.1 ||theta||_P
            ProjectionResult proj = backend.pathNormProject(student, 1.0, ProjectionMethod.PROX_BISECTION);
            System.out.printf("loss %.6f |grad| %.6f prox %.4f projected %.4f on %s%n", lg.loss(),
                    lg.gradNorm(true), prox.pathNormL1(), proj.pathNormL1(), backend.name());
        }
        // README:end
    }

    @Test
    void theSnippetRunsAndPrintsSensibleNumbers() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            readmeSnippet();
        } finally {
            System.setOut(saved);
        }
        String line = captured.toString(StandardCharsets.UTF_8).strip();
        Matcher m = Pattern.compile("loss (\\S+) \\|grad\\| (\\S+) prox (\\S+) projected (\\S+) on (\\S+)").matcher(line);
        assertTrue(m.matches(), line);
        assertTrue(Double.parseDouble(m.group(1)) > 0, "a student unlike its teacher has a positive loss: " + line);
        assertTrue(Double.parseDouble(m.group(2)) > 0, line);
        // ||theta||_P of the student is 1.2 + 1.1 + 1.3 = 3.6; the prox shrinks it, the projection reaches <= 1
        assertTrue(Double.parseDouble(m.group(3)) < 3.6, line);
        assertTrue(Double.parseDouble(m.group(4)) <= 1.0 + 1e-4, line);
    }

    /** Entry point for {@link #aPlainJavaCallPrintsAtMostOneNote}: the snippet in a JVM of its own. */
    public static void main(String[] args) {
        readmeSnippet();
    }

    /**
     * A library user's plain `java -cp` call, without the JVM flags the launcher adds: the
     * snippet still runs, and stderr holds at most one line, a note (no logging or native
     * library chatter).
     */
    @Test
    void aPlainJavaCallPrintsAtMostOneNote() throws Exception {
        List<String> lines = plainJavaCall();
        if (Runtime.version().feature() >= 22) {
            // The JVM's own warning on a native library loaded without native access (README: "JVM
            // flags for library users"); nothing of the library's may come with it.
            lines = lines.stream().filter(l -> !l.startsWith("WARNING: ") && !l.isBlank()).collect(Collectors.toList());
        }
        assertTrue(lines.isEmpty() || (lines.size() == 1 && lines.get(0).startsWith("note: ")), String.join("\n", lines));
    }

    /** With the flag the README names, no JDK prints a warning (17 accepts it too). */
    @Test
    void withNativeAccessNothingButANote() throws Exception {
        List<String> lines = plainJavaCall("--enable-native-access=ALL-UNNAMED");
        assertTrue(lines.isEmpty() || (lines.size() == 1 && lines.get(0).startsWith("note: ")), String.join("\n", lines));
    }

    /** Runs the snippet in a JVM of its own with only the given options; returns its stderr lines. */
    private static List<String> plainJavaCall(String... jvmOptions) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ReadmeExampleTest.class.getName()));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertTrue(out.startsWith("loss "), out);
        return err.lines().collect(Collectors.toList());
    }

    /** Strips the common indentation so that the README block and the method body compare as text. */
    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.toList());
    }

    private static List<String> between(List<String> lines, String begin, String end) {
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(begin)) {
                from = i + 1;
            } else if (from >= 0 && lines.get(i).strip().equals(end)) {
                return lines.subList(from, i);
            }
        }
        throw new AssertionError("markers " + begin + " ... " + end + " not found");
    }

    @Test
    void readmeShowsExactlyThisSnippet() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java/dev/barron/cli/ReadmeExampleTest.java"));
        List<String> snippet = dedent(between(source, "// README:begin", "// README:end"));
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        List<String> block = between(readme.subList(readme.indexOf("<!-- api-tour: the same text as ReadmeExampleTest -->"),
                readme.size()), "```java", "```");
        List<String> code = dedent(block.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.toList()));
        while (!code.isEmpty() && code.get(0).isBlank()) {
            code.remove(0);
        }
        assertEquals(String.join("\n", snippet), String.join("\n", code), "README.md's API tour must match this test");
    }
}
