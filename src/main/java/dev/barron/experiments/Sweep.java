package dev.barron.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.ProblemSize;
import dev.barron.io.AtomicFiles;
import dev.barron.io.CsvAppender;
import dev.barron.io.DirectoryLock;
import dev.barron.io.JsonFiles;
import dev.barron.io.PendingFiles;
import dev.barron.model.Check;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The sweep engine: runs a {@link SweepSpec} (or one shard of it) into a directory.
 *
 * <ul>
 *   <li>sweep.json (the spec, itself a sweep file), shard.json, and the experiment's own
 *       configuration files, written at the start;</li>
 *   <li>provenance.jsonl: one line per process that worked on the directory ({@link SweepSession});</li>
 *   <li>runs.csv: one line per finished run (varied parameters, seed, results, session),
 *       appended and flushed as runs finish, with the experiment's side files (each run's lines
 *       there before its runs.csv line). A killed sweep resumes where it stopped: finished runs are
 *       skipped and a line torn by the kill is cut (that run is redone);</li>
 *   <li>at the end the summary ({@link SweepExperiment#summary}), computed from the finished runs
 *       alone, sorted in sweep order: an uninterrupted sweep, a resumed one and the merge of its
 *       shards write the same bytes.</li>
 * </ul>
 *
 * Runs of one shape go to the experiment in batches (one ensemble each), in sweep order; where
 * the experiment allows, several batches run at once, the largest problems first, each written
 * as it finishes ({@link BatchRunner}); once every run is in, runs.csv is rewritten in sweep
 * order, as a merge writes it.
 */
public final class Sweep {

    public static final String SPEC = "sweep.json";
    public static final String SHARD = "shard.json";
    public static final String RUNS = "runs.csv";
    public static final String PROVENANCE = "provenance.jsonl";
    static final ObjectMapper JSON = PendingFiles.JSON;
    /** provenance.jsonl: one JSON object a line. */
    private static final ObjectMapper LINE = new ObjectMapper();

    /** A sweep ready to execute: validated, directory locked, backend open, finished runs known. */
    public record Prepared(SweepSpec spec, Shard shard, Path dir, Backend backend, List<SweepTask> todo, int done,
                           int total, DirectoryLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                backend.close();
            } finally {
                lock.close();
            }
        }
    }

    private Sweep() {
    }

    /** Validates the directory against the spec and opens the backend, under the directory's lock. */
    public static Prepared prepare(SweepSpec spec, Shard shard, Path dir, Consumer<String> notices) throws IOException {
        Map<String, SweepTask> planned = spec.shardPlan(shard); // every point checked before anything is written
        DirectoryLock lock = DirectoryLock.acquire(dir, "out", notices);
        try {
            return prepareLocked(spec, shard, planned, dir, lock, notices);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The spec and shard stored in a sweep directory, for --resume. */
    public static Prepared prepareResume(Path dir, Consumer<String> notices) throws IOException {
        if (!Files.isReadable(dir.resolve(SPEC)) || !Files.isReadable(dir.resolve(SHARD))) {
            throw Check.bad("resume", dir, "needs a sweep directory with " + SPEC + " and " + SHARD);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, "resume", notices);
        try {
            SweepSpec spec = readSpec(dir);
            Shard shard = JsonFiles.read(dir.resolve(SHARD), Shard.class);
            return prepareLocked(spec, shard, spec.shardPlan(shard), dir, lock, notices);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The spec a sweep directory holds. */
    public static SweepSpec readSpec(Path dir) throws IOException {
        try {
            return SweepFile.read(dir.resolve(SPEC));
        } catch (IllegalArgumentException e) {
            throw Check.bad(SPEC, dir.resolve(SPEC), "cannot be read (" + e.getMessage() + "); the file is damaged");
        }
    }

    private static Prepared prepareLocked(SweepSpec spec, Shard shard, Map<String, SweepTask> planned, Path dir,
                                          DirectoryLock lock, Consumer<String> notices) throws IOException {
        if (Files.exists(dir.resolve(SPEC))) {
            // a spec without its shard: killed between the two writes by a version that wrote the spec first, before any run
            boolean sameShard = !Files.exists(dir.resolve(SHARD)) || JsonFiles.read(dir.resolve(SHARD), Shard.class).equals(shard);
            if (!readSpec(dir).equals(spec) || !sameShard) {
                throw Check.bad("out", dir, "holds a different sweep or shard; resume it with --resume " + dir
                        + " or choose another --out");
            }
        }
        List<SweepRecord> existing = readRuns(dir, spec, shard, planned, false);
        Set<Long> done = new HashSet<>();
        existing.forEach(r -> done.add(r.task().index()));
        List<SweepTask> todo = planned.values().stream().filter(t -> !done.contains(t.index())).toList();
        Backend backend = Backends.open(spec.backend(), new BackendOptions(spec.precision(), spec.device()),
                largest(spec, planned.values()), notices);
        return new Prepared(spec, shard, dir, backend, todo, done.size(), planned.size(), lock);
    }

    /** The largest m, k, d and n over the shard's points: one backend serves them all. */
    private static ProblemSize largest(SweepSpec spec, Iterable<SweepTask> tasks) {
        int m = 1;
        int k = 1;
        int d = 1;
        int n = 0;
        for (SweepTask t : tasks) {
            ProblemSize s = spec.experiment().size(t.point());
            m = Math.max(m, s.m());
            k = Math.max(k, s.k());
            d = Math.max(d, s.d());
            n = Math.max(n, s.n());
        }
        return new ProblemSize(m, k, d, n);
    }

    /**
     * Runs what is left, batch by batch, appending each batch's runs in sweep order as the batch
     * finishes, then writes the summary of the directory's runs. Returns false if interrupted
     * (no summary then).
     */
    public static boolean execute(Prepared p, int threads, ProgressBar bar, Survey.Interruption interruption) throws IOException {
        SweepSpec spec = p.spec();
        SweepExperiment ex = spec.experiment();
        Path dir = p.dir();
        Files.createDirectories(dir);
        for (String f : sideAndOwnFiles(ex)) {
            cutTornLine(dir.resolve(f));
        }
        List<SweepSession> sessions = new ArrayList<>(readSessions(dir).values());
        int sessionNumber = sessions.size() + 1;
        SweepSession session = SweepSession.start(sessionNumber, Provenance.of(p.backend()), p.shard());
        sessions.add(session);
        // The shard before the spec: the spec is what marks a directory as holding a sweep, so a
        // kill between the two leaves one that starts afresh, never a spec without its shard.
        AtomicFiles.write(dir.resolve(SHARD), out -> out.write(JSON.writeValueAsBytes(p.shard())));
        AtomicFiles.write(dir.resolve(SPEC), out -> out.write(JSON.writeValueAsBytes(spec.toJson())));
        for (var f : ex.configFiles(spec, sessions).entrySet()) {
            AtomicFiles.write(dir.resolve(f.getKey()), out -> out.write(f.getValue()));
        }
        try (Writer prov = CsvAppender.open(dir.resolve(PROVENANCE), null)) {
            CsvAppender.append(prov, sessionLine(session));
        }
        int finished = 0;
        bar.update(p.done(), p.total(), "");
        Map<String, Writer> side = new LinkedHashMap<>();
        List<List<SweepTask>> batches = batches(p.todo(), batchSize(threads), ex);
        try (Writer runs = CsvAppender.open(dir.resolve(RUNS), spec.header());
             BatchRunner runner = new BatchRunner(ex, p.backend(), threads, batches)) {
            for (var f : ex.sideFiles().entrySet()) {
                side.put(f.getKey(), CsvAppender.open(dir.resolve(f.getKey()), f.getValue()));
            }
            for (int b = 0; b < runner.count(); b++) {
                if (interruption.stopNow(finished)) {
                    break;
                }
                BatchRunner.Done done = runner.next();
                List<SweepTask> batch = done.batch();
                List<SweepOutcome> outcomes = done.outcomes();
                for (int i = 0; i < batch.size(); i++) {
                    if (interruption.stopNow(finished)) {
                        break;
                    }
                    for (var lines : outcomes.get(i).sideLines().entrySet()) {
                        CsvAppender.append(side.get(lines.getKey()), lines.getValue());
                    }
                    CsvAppender.append(runs, line(spec, batch.get(i), outcomes.get(i), sessionNumber));
                    finished++;
                }
                bar.update(p.done() + finished, p.total(), "");
            }
        } finally {
            for (Writer w : side.values()) {
                w.close();
            }
            bar.finish();
        }
        if (finished < p.todo().size()) {
            return false;
        }
        Path file = dir.resolve(RUNS);
        String[] lines = Files.readString(file).split("\n", -1);
        List<SweepRecord> runs = parseRuns(lines, file, dir, spec, p.shard(), spec.shardPlan(p.shard()), true);
        inSweepOrder(file, lines, runs);
        for (var f : ex.summary(results(dir, spec, runs)).entrySet()) {
            AtomicFiles.write(dir.resolve(f.getKey()), out -> out.write(f.getValue()));
        }
        return true;
    }

    private static List<String> sideAndOwnFiles(SweepExperiment ex) {
        List<String> out = new ArrayList<>(List.of(RUNS, PROVENANCE));
        out.addAll(ex.sideFiles().keySet());
        return out;
    }

    /**
     * runs.csv of a complete shard (its lines, and their runs as {@link #parseRuns} read them, line
     * i + 1 holding run i) in sweep order: batches are appended as they finish, in whatever order
     * that is, and a finished directory lists its runs as its merge would (rewritten whole and
     * atomically, so a kill leaves the appended file; left alone when in order already).
     */
    private static void inSweepOrder(Path file, String[] lines, List<SweepRecord> runs) throws IOException {
        if (java.util.stream.IntStream.range(1, runs.size()).allMatch(i -> runs.get(i - 1).task().index() < runs.get(i).task().index())) {
            return;
        }
        List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, runs.size()).boxed().toList());
        order.sort(Comparator.comparingLong(i -> runs.get(i).task().index()));
        StringBuilder text = new StringBuilder(lines[0]).append('\n');
        order.forEach(i -> text.append(lines[i + 1]).append('\n'));
        AtomicFiles.writeString(file, text.toString());
    }

    /** The results of a complete shard directory, for its summary (and a merge). */
    static SweepResults results(Path dir, SweepSpec spec, Shard shard) throws IOException {
        return results(dir, spec, readRuns(dir, spec, shard, spec.shardPlan(shard), true));
    }

    /** The results of a complete shard directory whose runs were read. */
    private static SweepResults results(Path dir, SweepSpec spec, List<SweepRecord> read) throws IOException {
        List<SweepRecord> runs = new ArrayList<>(read);
        runs.sort(Comparator.comparingLong(r -> r.task().index()));
        Map<String, String> side = new LinkedHashMap<>();
        for (String f : spec.experiment().sideFiles().keySet()) {
            side.put(f, Files.exists(dir.resolve(f)) ? Files.readString(dir.resolve(f)) : "");
        }
        return new SweepResults(spec, runs, side, readSessions(dir));
    }

    /**
     * Runs per batch: one for threads = 1; else enough that every SIMD lane of every core (8 f64
     * lanes on AVX-512) has many runs to take (run lengths differ by 100x, and a batch ends with
     * its longest run), few enough that a kill loses little (a batch is written when it ends).
     * 1024 a core keeps the 1000 runs of a survey's shape in one batch on two cores: split in
     * two (at 256 a core), each half ended with its own longest runs alone in a block, lanes
     * that one ensemble shares out (docs/ENSEMBLES.md: 3% more block steps on the 1000-run table).
     */
    static int batchSize(int threads) {
        return threads == 1 ? 1 : Math.max(64, 1024 * Runtime.getRuntime().availableProcessors());
    }

    /** Consecutive tasks of one non-null shape, at most size each; a task without a shape alone. */
    static List<List<SweepTask>> batches(List<SweepTask> todo, int size, SweepExperiment ex) {
        List<List<SweepTask>> out = new ArrayList<>();
        List<SweepTask> current = new ArrayList<>();
        String shape = null;
        for (SweepTask t : todo) {
            String s = ex.shape(t.point());
            if (!current.isEmpty() && (current.size() == size || s == null || !s.equals(shape))) {
                out.add(current);
                current = new ArrayList<>();
            }
            current.add(t);
            shape = s;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** One runs.csv line: varied values, seed, results, session. */
    static String line(SweepSpec spec, SweepTask t, SweepOutcome o, int session) {
        List<SweepColumn> cols = spec.experiment().results();
        if (o.values().size() != cols.size()) {
            throw new IllegalStateException(spec.experiment().name() + " returned " + o.values().size() + " results for "
                    + cols.size() + " columns");
        }
        StringBuilder sb = new StringBuilder(spec.runKey(t));
        for (Object v : o.values()) {
            String cell = String.valueOf(v);
            if (cell.contains(",") || cell.contains("\n")) {
                throw new IllegalStateException("result " + cell + " would break runs.csv");
            }
            sb.append(',').append(cell);
        }
        return sb.append(',').append(session).append('\n').toString();
    }

    /**
     * The runs of a directory's runs.csv, checked against the shard's plan: each one of its
     * runs, none twice, and (strict) none missing and no torn last line. Fails naming the shard,
     * the directory and the first offending run.
     */
    static List<SweepRecord> readRuns(Path dir, SweepSpec spec, Shard shard, Map<String, SweepTask> planned, boolean strict)
            throws IOException {
        Path file = dir.resolve(RUNS);
        if (!Files.exists(file)) {
            if (strict && !planned.isEmpty()) {
                throw Check.bad("DIR", dir, "has no " + RUNS);
            }
            return new ArrayList<>();
        }
        return parseRuns(Files.readString(file).split("\n", -1), file, dir, spec, shard, planned, strict);
    }

    /** {@link #readRuns} of the lines of file (split at every newline), in the order they stand. */
    private static List<SweepRecord> parseRuns(String[] lines, Path file, Path dir, SweepSpec spec, Shard shard,
                                               Map<String, SweepTask> planned, boolean strict) {
        List<SweepRecord> out = new ArrayList<>();
        String header = spec.header();
        if (lines.length > 1 && !lines[0].equals(header)) {
            throw Check.bad(RUNS, file, "has the header " + lines[0] + " where this sweep writes " + header
                    + "; the directory holds another sweep");
        }
        int nKey = spec.varied().size() + 1;
        List<SweepColumn> cols = spec.experiment().results();
        String where = "shard " + shard.index() + "/" + shard.count();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            boolean last = i == lines.length - 1;
            if (lines[i].isEmpty() && last) {
                continue;
            }
            if (last && !strict) {
                continue; // no newline after it: torn by a kill
            }
            String[] f = lines[i].split(",", -1);
            if (f.length != nKey + cols.size() + 1) {
                throw Check.bad("runs.csv line", file + ":" + (i + 1), "expected " + (nKey + cols.size() + 1) + " fields ("
                        + header + "), found " + f.length + "; the directory is damaged");
            }
            String key = String.join(",", List.of(f).subList(0, nKey));
            SweepTask t = planned.get(key);
            if (t == null) {
                throw Check.bad("runs.csv", file, "holds run (" + key + "), which is not a run of " + where
                        + " of this sweep; the directory is damaged or mixed with another sweep");
            }
            if (!seen.add(key)) {
                throw Check.bad("runs.csv", file, "holds run (" + key + ") twice (" + where
                        + "); two writers shared the directory or it was edited");
            }
            out.add(new SweepRecord(t, results(cols, f, nKey, file + ":" + (i + 1)), session(f[f.length - 1], file, i)));
        }
        if (strict && seen.size() < planned.size()) {
            String first = planned.keySet().stream().filter(k -> !seen.contains(k)).findFirst().orElseThrow();
            throw Check.bad("DIR", dir, where + " is incomplete: " + (planned.size() - seen.size()) + " of " + planned.size()
                    + " runs missing (first: " + first + "); finish it with --resume " + dir);
        }
        return out;
    }

    private static Map<String, String> results(List<SweepColumn> cols, String[] f, int from, String where) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int c = 0; c < cols.size(); c++) {
            String cell = f[from + c];
            SweepColumn col = cols.get(c);
            boolean ok = switch (col.kind()) {
                case NUMBER -> isNumber(cell);
                case CATEGORY -> col.categories().contains(cell);
                case FLAG -> cell.equals("true") || cell.equals("false");
            };
            if (!ok) {
                throw Check.bad("runs.csv line", where, col.name() + " '" + cell + "' is not "
                        + (col.kind() == SweepColumn.Kind.CATEGORY ? "one of " + col.categories() : "a " + col.kind().name().toLowerCase()));
            }
            m.put(col.name(), cell);
        }
        return m;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return !s.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int session(String cell, Path file, int line) {
        try {
            return Integer.parseInt(cell);
        } catch (NumberFormatException e) {
            throw Check.bad("runs.csv line", file + ":" + (line + 1), "session '" + cell + "' is not a number");
        }
    }

    /** A session as one line of provenance.jsonl. */
    static String sessionLine(SweepSession s) {
        try {
            return LINE.writeValueAsString(s.fields()) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** provenance.jsonl's sessions by number (a torn last line ignored). */
    static Map<Integer, SweepSession> readSessions(Path dir) throws IOException {
        Map<Integer, SweepSession> out = new TreeMap<>();
        Path file = dir.resolve(PROVENANCE);
        if (!Files.exists(file)) {
            return out;
        }
        String[] lines = Files.readString(file).split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            try {
                JsonNode n = JSON.readTree(lines[i]);
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = JSON.convertValue(n, LinkedHashMap.class);
                out.put(n.get("session").asInt(), new SweepSession(n.get("session").asInt(), fields));
            } catch (IOException | RuntimeException e) {
                throw Check.bad(PROVENANCE, file + ":" + (i + 1), "is not a session record; the file is damaged");
            }
        }
        return out;
    }

    /** A kill during an append can leave a last line without its newline: cut it (that run is redone). */
    static void cutTornLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            }
        }
    }
}
