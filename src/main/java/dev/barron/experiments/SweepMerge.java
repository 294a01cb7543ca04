package dev.barron.experiments;

import dev.barron.io.DirectoryLock;
import dev.barron.io.PendingFiles;
import dev.barron.model.Check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Combines the shard directories of one sweep (a survey included) into one directory whose
 * summary is that of the sweep run on one machine: the same spec required, every shard 1..N
 * present exactly once and complete. The merged runs.csv holds the runs in sweep order; the
 * sessions of all shards are numbered again in one provenance.jsonl (shard 1's first), each
 * keeping the shard it ran.
 */
public final class SweepMerge {

    private SweepMerge() {
    }

    /** Checks and reads every shard, computes the summary, then writes OUT under its lock as one set. Returns the run count. */
    public static int merge(List<Path> shards, Path out, Consumer<String> notices) throws IOException {
        if (shards.isEmpty()) {
            throw Check.bad("DIR", "(none)", "give the shard directories to merge");
        }
        refuseOutInsideAShard(shards, out);
        SweepSpec spec = null;
        Map<Integer, Path> seen = new TreeMap<>();
        Map<Integer, SweepResults> parts = new TreeMap<>();
        int count = -1;
        for (Path dir : shards) {
            if (!Files.isReadable(dir.resolve(Sweep.SPEC)) || !Files.isReadable(dir.resolve(Sweep.SHARD))) {
                throw Check.bad("DIR", dir, "is not a sweep or survey directory of this version (needs " + Sweep.SPEC
                        + " and " + Sweep.SHARD + ")");
            }
            SweepSpec s = Sweep.readSpec(dir);
            Shard shard = dev.barron.io.JsonFiles.read(dir.resolve(Sweep.SHARD), Shard.class);
            if (spec != null && !spec.equals(s)) {
                throw Check.bad("DIR", dir, "holds a different sweep than " + shards.get(0));
            }
            if (count >= 0 && shard.count() != count) {
                throw Check.bad("DIR", dir, "is shard " + shard.index() + "/" + shard.count() + ", the others are of " + count);
            }
            if (seen.put(shard.index(), dir) != null) {
                throw Check.bad("DIR", dir, "repeats shard " + shard.index() + "/" + shard.count());
            }
            spec = s;
            count = shard.count();
            parts.put(shard.index(), Sweep.results(dir, s, shard));
        }
        if (seen.size() != count) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                if (!seen.containsKey(i)) {
                    missing.add(i);
                }
            }
            throw Check.bad("DIR", shards, "shards " + missing + " of " + count + " are missing");
        }
        SweepResults merged = combine(spec, parts.values());
        PendingFiles files = files(merged);
        try (DirectoryLock lock = DirectoryLock.acquire(out, "out", notices)) {
            files.writeTo(out, "merge");
        }
        return merged.runs().size();
    }

    /** The shards' runs in sweep order, their sessions renumbered in shard order, their side files joined. */
    static SweepResults combine(SweepSpec spec, Iterable<SweepResults> parts) {
        List<SweepRecord> runs = new ArrayList<>();
        Map<Integer, SweepSession> sessions = new TreeMap<>();
        Map<String, StringBuilder> side = new LinkedHashMap<>();
        spec.experiment().sideFiles().forEach((name, header) -> side.put(name, new StringBuilder(header).append('\n')));
        for (SweepResults part : parts) {
            Map<Integer, Integer> renumber = new TreeMap<>();
            for (SweepSession s : part.sessions().values().stream().sorted(Comparator.comparingInt(SweepSession::session)).toList()) {
                int n = sessions.size() + 1;
                renumber.put(s.session(), n);
                sessions.put(n, s.renumbered(n));
            }
            for (SweepRecord r : part.runs()) {
                runs.add(new SweepRecord(r.task(), r.results(), renumber.getOrDefault(r.session(), r.session())));
            }
            part.sideFiles().forEach((name, text) -> side.get(name).append(body(text)));
        }
        runs.sort(Comparator.comparingLong(r -> r.task().index()));
        Map<String, String> sideText = new LinkedHashMap<>();
        side.forEach((k, v) -> sideText.put(k, v.toString()));
        return new SweepResults(spec, runs, sideText, sessions);
    }

    /** A side file without its header line (and without a torn last line). */
    private static String body(String text) {
        int first = text.indexOf('\n');
        int last = text.lastIndexOf('\n');
        return first < 0 || last <= first ? "" : text.substring(first + 1, last + 1);
    }

    /** The merged directory's files; the summary first, so that a damaged shard fails before anything is written. */
    private static PendingFiles files(SweepResults r) {
        SweepSpec spec = r.spec();
        Map<String, byte[]> summary = spec.experiment().summary(r);
        StringBuilder runs = new StringBuilder(spec.header()).append('\n');
        for (SweepRecord rec : r.runs()) {
            runs.append(Sweep.line(spec, rec.task(), new SweepOutcome(new ArrayList<>(rec.results().values()), Map.of()),
                    rec.session()));
        }
        StringBuilder prov = new StringBuilder();
        for (SweepSession s : r.sessions().values()) {
            prov.append(Sweep.sessionLine(s));
        }
        PendingFiles files = new PendingFiles()
                .add(Sweep.SPEC, o -> o.write(SweepSummary.json(spec.toJson())))
                .add(Sweep.SHARD, o -> o.write(SweepSummary.json(Shard.whole())))
                .add(Sweep.PROVENANCE, utf8(prov.toString()))
                .add(Sweep.RUNS, utf8(runs.toString()));
        spec.experiment().configFiles(spec, List.copyOf(r.sessions().values())).forEach((name, bytes) -> files.add(name, o -> o.write(bytes)));
        r.sideFiles().forEach((name, text) -> files.add(name, utf8(text)));
        summary.forEach((name, bytes) -> files.add(name, o -> o.write(bytes)));
        return files;
    }

    private static dev.barron.io.AtomicFiles.Writer utf8(String text) {
        return o -> o.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writing into a shard (or below one) would replace or mix the files being merged. */
    private static void refuseOutInsideAShard(List<Path> shards, Path out) throws IOException {
        DirectoryLock.requireNamed("out", out);
        Path o = canonical(out);
        for (Path dir : shards) {
            if (o.startsWith(canonical(dir))) {
                throw Check.bad("out", out, "is " + (o.equals(canonical(dir)) ? "" : "inside ") + "the input shard " + dir
                        + "; choose a directory outside every shard");
            }
        }
    }

    /** The real path of the deepest existing ancestor, then the rest as given: symbolic links cannot hide a shard. */
    private static Path canonical(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
    }
}
