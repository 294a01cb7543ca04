package dev.barron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * barron sweep against independent oracles: the single-run command (a sweep's run is that
 * command's run), the unsharded sweep (its shards merged), and the refusals of bad sweep files.
 */
class SweepCommandTest {

    @TempDir
    Path tmp;

    private static final String TS = """
            experiment: teacher-student
            backend: cpu
            parameters: {d: 5, k: 2, steps: 3000, init_scale: 0.1, seed: 3}
            grid:
              m: [2, 4]
              lr: [0.1, 0.4]
            """;

    private Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** runs.csv as rows of named cells. */
    static List<Map<String, String>> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).split(",");
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < head.length; i++) {
                m.put(head[i], cells[i]);
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void aTeacherStudentSweepIsFourTeacherStudentRuns() throws Exception {
        Path dir = tmp.resolve("sweep");
        CliRun r = CliRun.of("sweep", file("ts.yaml", TS).toString(), "--out", dir.toString(), "--threads", "1", "--quiet");
        assertEquals(0, r.status(), r::toString);
        List<Map<String, String>> runs = rows(dir.resolve("runs.csv"));
        assertEquals("m,lr,seed,status,steps,final_loss,grad_norm,max_neuron_grad_norm,restarts,recovered_teachers,"
                + "all_recovered,session", Files.readAllLines(dir.resolve("runs.csv")).get(0));
        assertEquals(4, runs.size());
        ObjectMapper json = new ObjectMapper();
        for (Map<String, String> run : runs) {
            Path one = tmp.resolve("one-" + run.get("m") + "-" + run.get("lr"));
            CliRun single = CliRun.of("teacher-student", "--d", "5", "--k", "2", "--m", run.get("m"), "--lr", run.get("lr"),
                    "--steps", "3000", "--init-scale", "0.1", "--seed", "3", "--backend", "cpu", "--quiet", "--out", one.toString());
            assertEquals(0, single.status(), single::toString);
            JsonNode s = json.readTree(one.resolve("summary.json").toFile());
            String at = "m = " + run.get("m") + ", lr = " + run.get("lr");
            assertEquals(Double.doubleToLongBits(s.get("final_loss").asDouble()),
                    Double.doubleToLongBits(Double.parseDouble(run.get("final_loss"))), "final loss, bit for bit, at " + at);
            assertEquals(s.get("steps").asLong(), Long.parseLong(run.get("steps")), at);
            assertEquals(s.get("status").asText(), run.get("status"), at);
            assertEquals(s.get("final_max_neuron_grad_norm").asDouble(), Double.parseDouble(run.get("max_neuron_grad_norm")), 0.0, at);
            assertEquals(s.get("recovered_teachers").size(), Integer.parseInt(run.get("recovered_teachers")), at);
        }
        for (String f : List.of("summary.csv", "summary.md", "summary.json", "sweep.json", "shard.json", "provenance.jsonl",
                "final_loss.svg")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("summary.csv")).startsWith("m,lr,runs,measure,statistic,n,value,ci95_low,"
                + "ci95_high,interval,barron_version,"));
    }

    /**
     * On the ensemble engine (all cores) runs take the SIMD-free small-run path, whose sums are in
     * another order than BLAS's: the tolerance of docs/ENSEMBLES.md.
     */
    @Test
    void theEnsembleEngineAgreesWithinTheDocumentedTolerance() throws Exception {
        Path one = tmp.resolve("one");
        Path many = tmp.resolve("many");
        Path f = file("ts.yaml", TS);
        assertEquals(0, CliRun.of("sweep", f.toString(), "--out", one.toString(), "--threads", "1", "--quiet").status());
        assertEquals(0, CliRun.of("sweep", f.toString(), "--out", many.toString(), "--threads", "2", "--quiet").status());
        List<Map<String, String>> a = rows(one.resolve("runs.csv"));
        List<Map<String, String>> b = rows(many.resolve("runs.csv"));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).get("status"), b.get(i).get("status"));
            assertEquals(a.get(i).get("steps"), b.get(i).get("steps"));
            double x = Double.parseDouble(a.get(i).get("final_loss"));
            double y = Double.parseDouble(b.get(i).get("final_loss"));
            assertEquals(x, y, 1e-6 * Math.abs(x) + 1e-14, "run " + i);
        }
    }

    @Test
    void shardsMergedGiveTheWholeSweepsSummary() throws Exception {
        Path f = file("zip.yaml", """
                experiment: teacher-student
                backend: cpu
                seeds: 2
                parameters: {d: 4, k: 2, m: 3, steps: 1500}
                zip: {lr: [0.1, 0.3], init_scale: [0.01, 0.5]}
                grid: {outer_init: [balanced, ones]}
                """);
        Path whole = tmp.resolve("whole");
        assertEquals(0, CliRun.of("sweep", f.toString(), "--out", whole.toString(), "--quiet").status());
        List<String> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path s = tmp.resolve("shard-" + i);
            shards.add(s.toString());
            CliRun r = CliRun.of("sweep", f.toString(), "--shard", i + "/3", "--out", s.toString(), "--quiet");
            assertEquals(0, r.status(), r::toString);
        }
        Path merged = tmp.resolve("merged");
        List<String> args = new ArrayList<>(List.of("merge", "--out", merged.toString()));
        java.util.Collections.reverse(shards);
        args.addAll(shards);
        CliRun m = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, m.status(), m::toString);
        assertTrue(m.out().startsWith("merged 3 shards, 8 runs"), m.out());
        for (String name : List.of("summary.csv", "summary.md", "summary.json")) {
            assertEquals(Files.readString(whole.resolve(name)), Files.readString(merged.resolve(name)), name);
        }
        assertEquals(withoutSession(whole.resolve("runs.csv")), withoutSession(merged.resolve("runs.csv")));
        assertEquals(3, Files.readAllLines(merged.resolve("provenance.jsonl")).size(), "one session per shard");
    }

    private static List<String> withoutSession(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    /**
     * A survey killed between writing its plan's two files (a spec and no shard, and nothing
     * else yet) is begun again by the same command, and ends as an uninterrupted one.
     */
    @Test
    void aDirectoryKilledBetweenThePlansTwoFilesStartsAfresh() throws Exception {
        String[] survey = {"survey", "--k", "3", "--m", "k", "--runs", "4", "--steps", "20000", "--backend", "cpu", "--quiet"};
        Path whole = tmp.resolve("whole");
        assertEquals(0, CliRun.of(concat(survey, "--out", whole.toString())).status());
        Path killed = tmp.resolve("killed");
        Files.createDirectories(killed);
        Files.copy(whole.resolve("sweep.json"), killed.resolve("sweep.json"));
        CliRun r = CliRun.of(concat(survey, "--out", killed.toString()));
        assertEquals(0, r.status(), r::toString);
        assertEquals(Files.readString(whole.resolve("summary.csv")), Files.readString(killed.resolve("summary.csv")));
    }

    private static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** A survey on the cpu backend into tmp/name, which must succeed. */
    private Path smallSurvey(String name, String ks, String widths, int runs) {
        Path out = tmp.resolve(name);
        CliRun s = CliRun.of("survey", "--k", ks, "--m", widths, "--runs", String.valueOf(runs), "--steps", "20000",
                "--backend", "cpu", "--quiet", "--out", out.toString());
        assertEquals(0, s.status(), s::toString);
        return out;
    }

    /**
     * Its batches run at once, each appended as it ends (here the small k = 3 before k = 8); a
     * finished survey lists its runs in sweep order all the same (k = 8, then 3), as its merge would.
     */
    @Test
    void aFinishedSurveyListsItsRunsInSweepOrder() throws Exception {
        Path out = smallSurvey("order", "8,3", "k", 6);
        List<String> ks = Files.readAllLines(out.resolve("runs.csv")).stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
        assertEquals(java.util.Collections.nCopies(6, "8"), ks.subList(0, 6), ks.toString());
        assertEquals(java.util.Collections.nCopies(6, "3"), ks.subList(6, 12), ks.toString());
    }

    @Test
    void aSurveyDirectoryIsASweepFile() throws Exception {
        Path survey = smallSurvey("survey", "3", "k,k+1", 3);
        Path again = tmp.resolve("again");
        CliRun r = CliRun.of("sweep", survey.resolve("sweep.json").toString(), "--out", again.toString(), "--quiet");
        assertEquals(0, r.status(), r::toString);
        for (String name : List.of("summary.csv", "summary.md", "spurious_points.csv", "runs.csv")) {
            assertEquals(Files.readString(survey.resolve(name)), Files.readString(again.resolve(name)), name);
        }
        assertTrue(Files.readString(survey.resolve("survey.json")).contains("\"provenance\""));
    }

    // --- bad sweep files: exit 2, one line naming key, value and what is allowed, nothing written ---

    private void refused(String name, String text, String... mentions) throws Exception {
        Path f = file(name, text);
        Path out = tmp.resolve("out-" + name);
        CliRun r = CliRun.of("sweep", f.toString(), "--out", out.toString(), "--quiet");
        assertEquals(2, r.status(), r::toString);
        List<String> lines = r.errWithoutNotices().lines().toList();
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("barron sweep: invalid "), r::toString);
        for (String m : mentions) {
            assertTrue(lines.get(0).contains(m), () -> "mentions '" + m + "': " + r);
        }
        assertFalse(Files.exists(out), "nothing written: " + r);
    }

    @Test
    void badSweepFilesAreRefusedNamingTheKey() throws Exception {
        refused("malformed.yaml", "experiment: teacher-student\ngrid: {m: [1, 2\n", "FILE", "not valid YAML", "line");
        refused("malformed.json", "{\"experiment\": \"teacher-student\", \"grid\": {\"m\": [1, 2}}", "FILE", "not valid JSON");
        refused("list.yaml", "- experiment\n", "FILE", "must be a mapping");
        refused("key.yaml", "experiment: teacher-student\ngird: {m: [3]}\n", "key = gird", "allowed: experiment");
        refused("experiment.yaml", "experiment: nope\ngrid: {m: [3]}\n", "experiment = nope", "teacher-student, survey");
        refused("unknown.yaml", "experiment: teacher-student\ngrid: {wdith: [3, 4]}\n", "grid.wdith",
                "has no parameter wdith", "allowed: d, k, m");
        refused("other.yaml", "experiment: teacher-student\ngrid: {threshold: [0.1, 0.2]}\n", "grid.threshold",
                "a parameter of survey");
        refused("fixed.yaml", "experiment: survey\ngrid: {k: [3], lr: [0.1, 0.2]}\n", "grid.lr", "may vary: k, m");
        refused("empty.yaml", "experiment: teacher-student\ngrid: {}\n", "grid = {}", "is empty");
        refused("emptylist.yaml", "experiment: teacher-student\ngrid: {m: []}\n", "grid.m = []", "an integer");
        refused("zip.yaml", "experiment: teacher-student\nzip: {m: [3, 4], lr: [0.1, 0.2, 0.3]}\n", "zip.lr",
                "3 values", "equal lengths");
        refused("type.yaml", "experiment: teacher-student\ngrid: {m: [3, four]}\n", "grid.m = \"four\"", "an integer");
        refused("choice.yaml", "experiment: teacher-student\ngrid: {activation: [relu, tanh]}\n", "grid.activation = tanh",
                "allowed: relu");
        refused("twice.yaml", "experiment: teacher-student\nparameters: {m: 3}\ngrid: {m: [4]}\n", "grid.m", "also given in parameters");
        refused("point.yaml", "experiment: teacher-student\nparameters: {d: 2}\ngrid: {k: [2, 3]}\n", "k = 3", "at k = 3");
        refused("seeds.yaml", "experiment: teacher-student\nseeds: 0\n", "seeds = 0");
        refused("backend.yaml", "experiment: teacher-student\nbackend: nope\n", "backend = nope", "allowed: auto");
    }

    @Test
    void withoutAFileOrWithResumeAndAFileIsRefused() {
        CliRun none = CliRun.of("sweep", "--quiet");
        assertEquals(2, none.status(), none::toString);
        assertTrue(none.err().contains("FILE"), none::toString);
        CliRun list = CliRun.of("sweep", "--list");
        assertEquals(0, list.status());
        assertTrue(list.out().contains("teacher-student:") && list.out().contains("survey:"), list::toString);
    }
}
