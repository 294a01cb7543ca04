package dev.barron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barron.backend.ProjectionMethod;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.NetworkOutcome;
import dev.barron.experiments.ObjectiveKind;
import dev.barron.experiments.OuterInit;
import dev.barron.experiments.TeacherKind;
import dev.barron.io.BuildInfo;
import dev.barron.io.PendingFiles;
import dev.barron.model.Activation;
import dev.barron.model.Labelled;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.train.StopReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command run small, and every JSON file it writes walked: keys snake_case, no enum written
 * as its Java constant name, and in each result file (all but the survey's and the configs that
 * are read back) a provenance block whose fields are present, non-empty and agree with this JVM.
 * The demo is left out for its length: it writes its two runs through teacher-student's code.
 */
class ResultFilesTest {

    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    /** What the provenance block holds, in order. */
    private static final List<String> PROVENANCE = List.of("barron_version", "git_commit", "build_time", "java", "os",
            "cpu", "blas", "backend", "device", "precision", "command_line");
    private static final List<Class<? extends Labelled>> CHOICES = List.of(Scaling.class, Activation.class,
            Precision.class, ProjectionMethod.class, TeacherKind.class, InitKind.class, OuterInit.class,
            ObjectiveKind.class, StopReason.class, NetworkOutcome.Status.class);

    @TempDir
    Path dir;

    @BeforeEach
    void writeInputs() {
        CliFiles files = new CliFiles(dir, 5);
        files.npy("W.npy", files.gaussian(5, 4, 0.5));
        files.npy("a.npy", files.gaussian(5));
        files.npy("V.npy", files.gaussian(2, 4, 0.5));
        files.npy("b.npy", files.gaussian(2));
        files.npy("X.npy", files.gaussian(30, 4, 1));
        files.npy("y.npy", files.gaussian(30));
    }

    /** The command's arguments and, of the JSON files it writes, those that are results (the rest are only walked). */
    private record Command(String[] args, Set<String> results) {
    }

    private Command command(String name) {
        String out = dir.resolve(name).toString();
        String w = dir.resolve("W.npy").toString();
        String a = dir.resolve("a.npy").toString();
        return switch (name) {
            case "eval" -> new Command(new String[]{"eval", "--W", w, "--a", a, "--V", in("V.npy"), "--b", in("b.npy"),
                    "--X", in("X.npy"), "--y", in("y.npy"), "--scaling", "mean-field", "--out", out}, Set.of("eval.json"));
            case "prox" -> new Command(new String[]{"prox", "--W", w, "--a", a, "--lambda", "0.1", "--out", out},
                    Set.of("prox.json"));
            case "project" -> new Command(new String[]{"project", "--W", w, "--a", a, "--radius", "0.5",
                    "--method", "l1-outer", "--out", out}, Set.of("project.json"));
            case "measures" -> new Command(new String[]{"measures", "--W", w, "--a", a, "--W0", w, "--a0", a,
                    "--X", in("X.npy"), "--y", in("y.npy"), "--out", out}, Set.of("measures.json"));
            case "teacher-student" -> new Command(new String[]{"teacher-student", "--d", "4", "--k", "2", "--m", "3",
                    "--steps", "300", "--objective", "online", "--batch", "8", "--precision", "f32", "--out", out},
                    Set.of("summary.json"));
            case "generalization" -> new Command(new String[]{"generalization", "--widths", "3", "--lr", "0.05",
                    "--batch", "4", "--n", "8", "--init-scale", "1", "--radius", "0,2", "--steps", "20", "--seeds", "2",
                    "--k", "2", "--d", "3", "--bootstrap", "20", "--threads", "1", "--out", out}, Set.of("summary.json"));
            case "survey" -> new Command(new String[]{"survey", "--k", "2", "--runs", "2", "--steps", "500", "--out", out},
                    Set.of());
            default -> throw new IllegalArgumentException(name);
        };
    }

    private String in(String file) {
        return dir.resolve(file).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "prox", "project", "measures", "teacher-student", "generalization", "survey"})
    void everyJsonFileIsSnakeCaseWithLabelsAndEveryResultCarriesProvenance(String name) throws IOException {
        Command c = command(name);
        List<String> args = new ArrayList<>(List.of(c.args()));
        args.addAll(List.of("--backend", "cpu", "--quiet"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(BarronCli.EXIT_OK, run.status(), run::toString);
        List<Path> written;
        try (Stream<Path> s = Files.list(dir.resolve(name))) {
            written = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(written.stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet()).containsAll(c.results()),
                name + " wrote " + written);
        for (Path file : written) {
            JsonNode doc = PendingFiles.JSON.readTree(file.toFile());
            List<String> bad = new ArrayList<>();
            walk(doc, file.getFileName().toString(), bad);
            assertTrue(bad.isEmpty(), name + ": " + bad);
            if (c.results().contains(file.getFileName().toString())) {
                assertProvenance(name, file, doc.get("provenance"));
            }
        }
    }

    /** Collects keys that are not snake_case and string values that spell a choice as its Java constant. */
    private static void walk(JsonNode node, String path, List<String> bad) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!SNAKE.matcher(e.getKey()).matches()) {
                    bad.add("key " + path + "/" + e.getKey());
                }
                walk(e.getValue(), path + "/" + e.getKey(), bad);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", bad);
            }
        } else if (node.isTextual()) {
            for (Class<? extends Labelled> type : CHOICES) {
                for (Labelled choice : type.getEnumConstants()) {
                    String constant = ((Enum<?>) choice).name();
                    if (node.asText().equals(constant) && !constant.equals(choice.label())) {
                        bad.add("value " + path + " = " + constant + " (written as " + choice.label() + " elsewhere)");
                    }
                }
            }
        }
    }

    private static void assertProvenance(String command, Path file, JsonNode p) {
        String where = command + " " + file.getFileName() + ": provenance";
        assertTrue(p != null && p.isObject(), where + " missing");
        List<String> keys = new ArrayList<>();
        p.fieldNames().forEachRemaining(keys::add);
        assertEquals(PROVENANCE, keys, where + " fields");
        for (String k : PROVENANCE) {
            assertFalse(p.get(k).asText().isBlank() || p.get(k).isNull(), where + "." + k + " is empty");
        }
        assertEquals(BuildInfo.version(), p.get("barron_version").asText(), where);
        assertEquals(BuildInfo.commit(), p.get("git_commit").asText(), where);
        if (Files.exists(Path.of(".git"))) {
            assertTrue(p.get("git_commit").asText().matches("[0-9a-f]{40}(-dirty)?"), where + ": built from a checkout");
            Instant.parse(p.get("build_time").asText());
        }
        String java = p.get("java").asText();
        assertTrue(java.contains(System.getProperty("java.vendor")) && java.contains(System.getProperty("java.version")), java);
        String os = p.get("os").asText();
        assertTrue(os.contains(System.getProperty("os.name")) && os.contains(System.getProperty("os.arch")), os);
        assertEquals("cpu", p.get("backend").asText(), where + ": the backend that ran");
        assertTrue(p.get("precision").asText().matches("f64|f32"), where);
        if (command.equals("teacher-student")) {
            assertEquals("f32", p.get("precision").asText(), where + ": the precision asked for");
        }
    }
}
