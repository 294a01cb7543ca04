package dev.barron.experiments;

import dev.barron.io.AtomicFiles;
import dev.barron.model.Check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Combines the shard directories of one survey into one directory whose summary is identical
 * to that of the survey run on one machine: same configuration required, every shard 1..N
 * present exactly once, runs united by (k, m, seed).
 */
public final class SurveyMerge {

    private SurveyMerge() {
    }

    /** Checks and reads every shard first; writes only when all is consistent. Returns the run count. */
    public static int merge(List<Path> shards, Path out) throws IOException {
        if (shards.isEmpty()) {
            throw Check.bad("DIR", "(none)", "give the shard directories to merge");
        }
        SurveyConfig cfg = null;
        Map<Integer, Path> seen = new TreeMap<>();
        int count = -1;
        Map<String, SurveyRun> runs = new TreeMap<>();
        Map<String, double[]> points = new LinkedHashMap<>();
        for (Path dir : shards) {
            if (!Files.isReadable(dir.resolve(Survey.CONFIG)) || !Files.isReadable(dir.resolve(Survey.SHARD))) {
                throw Check.bad("DIR", dir, "is not a survey directory (needs " + Survey.CONFIG + " and " + Survey.SHARD + ")");
            }
            SurveyConfig c = Survey.JSON.readValue(dir.resolve(Survey.CONFIG).toFile(), SurveyConfig.class);
            Survey.Shard s = Survey.JSON.readValue(dir.resolve(Survey.SHARD).toFile(), Survey.Shard.class);
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
            for (SurveyRun r : Survey.readRuns(dir.resolve(Survey.RUNS), false)) {
                SurveyRun old = runs.put(r.key(), r);
                if (old != null && !old.equals(r)) {
                    throw Check.bad("DIR", dir, "disagrees with another shard on run " + r.key());
                }
            }
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
        List<SurveyRun> all = new ArrayList<>(runs.values());
        all.sort(Comparator.comparingInt(SurveyRun::k).thenComparingInt(SurveyRun::m).thenComparingLong(SurveyRun::seed));
        SurveyConfig config = cfg;
        SurveySummary.compute(config, all, points); // fails before writing if a point is missing
        Files.createDirectories(out);
        AtomicFiles.write(out.resolve(Survey.CONFIG), o -> o.write(Survey.JSON.writeValueAsBytes(config)));
        AtomicFiles.write(out.resolve(Survey.SHARD), o -> o.write(Survey.JSON.writeValueAsBytes(Survey.Shard.whole())));
        StringBuilder sb = new StringBuilder(SurveyRun.HEADER).append('\n');
        StringBuilder pts = new StringBuilder();
        for (SurveyRun r : all) {
            sb.append(r.csv()).append('\n');
            double[] w = points.get(r.key());
            if (w != null && r.status().equals("spurious")) {
                pts.append(SurveySummary.pointLine(r, SurveySummary.network(config, r, w))).append('\n');
            }
        }
        AtomicFiles.writeString(out.resolve(Survey.RUNS), sb.toString());
        AtomicFiles.writeString(out.resolve(Survey.POINTS), pts.toString());
        SurveySummary.write(out, config, all, points);
        return all.size();
    }
}
