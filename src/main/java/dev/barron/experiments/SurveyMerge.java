package dev.barron.experiments;

import dev.barron.io.AtomicFiles;
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
 * Combines the shard directories of one survey into one directory whose summary is identical
 * to that of the survey run on one machine: same configuration required, every shard 1..N
 * present exactly once, runs united by (k, m, seed).
 */
public final class SurveyMerge {

    private SurveyMerge() {
    }

    /**
     * Checks and reads every shard first: the same configuration, every shard 1..N exactly once,
     * each one complete (every run of its plan, none twice, none foreign). Then writes OUT, under
     * its lock, as one set of files. Returns the run count.
     */
    public static int merge(List<Path> shards, Path out, Consumer<String> notices) throws IOException {
        if (shards.isEmpty()) {
            throw Check.bad("DIR", "(none)", "give the shard directories to merge");
        }
        refuseOutInsideAShard(shards, out);
        SurveyConfig cfg = null;
        Map<Integer, Path> seen = new TreeMap<>();
        int count = -1;
        List<SurveyRun> all = new ArrayList<>();
        Map<String, double[]> points = new LinkedHashMap<>();
        for (Path dir : shards) {
            if (!Files.isReadable(dir.resolve(Survey.CONFIG)) || !Files.isReadable(dir.resolve(Survey.SHARD))) {
                throw Check.bad("DIR", dir, "is not a survey directory (needs " + Survey.CONFIG + " and " + Survey.SHARD + ")");
            }
            SurveyConfig c = Survey.readJson(dir.resolve(Survey.CONFIG), SurveyConfig.class);
            Survey.Shard s = Survey.readJson(dir.resolve(Survey.SHARD), Survey.Shard.class);
            if (cfg != null && !cfg.equals(c)) {
                throw Check.bad("DIR", dir, "holds a different survey configuration than " + shards.get(0));
            }
            if (count >= 0 && s.count() != count) {
                throw Check.bad("DIR", dir, "is shard " + s.index() + "/" + s.count() + ", the others are of " + count);
            }
            if (seen.put(s.index(), dir) != null) {
                throw Check.bad("DIR", dir, "repeats shard " + s.index() + "/" + s.count());
            }
            cfg = c;
            count = s.count();
            List<SurveyRun> runs = Survey.readRuns(dir.resolve(Survey.RUNS), true);
            Survey.checkRuns(dir, s, Survey.shardPlan(c, s), runs, true);
            all.addAll(runs);
            points.putAll(SurveySummary.readPoints(dir.resolve(Survey.POINTS)));
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
        all.sort(Comparator.comparingInt(SurveyRun::k).thenComparingInt(SurveyRun::m).thenComparingLong(SurveyRun::seed));
        try (DirectoryLock lock = DirectoryLock.acquire(out, "out", notices)) {
            files(cfg, all, points).writeTo(out, "merge");
        }
        return all.size();
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

    /** The merged directory's files; the summary is computed first, so a missing point fails before anything is written. */
    private static PendingFiles files(SurveyConfig config, List<SurveyRun> all, Map<String, double[]> points) {
        List<SurveySummary.Row> rows = SurveySummary.compute(config, all, points);
        StringBuilder sb = new StringBuilder(SurveyRun.HEADER).append('\n');
        StringBuilder pts = new StringBuilder(SurveySummary.POINTS_HEADER).append('\n');
        for (SurveyRun r : all) {
            sb.append(r.csv()).append('\n');
            double[] w = points.get(r.key());
            if (w != null && r.status().equals("spurious")) {
                pts.append(SurveySummary.pointLines(r, SurveySummary.network(config, r, w)));
            }
        }
        return new PendingFiles()
                .add(Survey.CONFIG, o -> o.write(Survey.JSON.writeValueAsBytes(config)))
                .add(Survey.SHARD, o -> o.write(Survey.JSON.writeValueAsBytes(Survey.Shard.whole())))
                .add(Survey.RUNS, utf8(sb.toString()))
                .add(Survey.POINTS, utf8(pts.toString()))
                .add(SurveySummary.CSV, utf8(SurveySummary.csv(rows)))
                .add(SurveySummary.POINTS_CSV, utf8(SurveySummary.pointsCsv(rows)))
                .add(SurveySummary.MARKDOWN, utf8(SurveySummary.markdown(config, rows)));
    }

    private static AtomicFiles.Writer utf8(String text) {
        return o -> o.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
