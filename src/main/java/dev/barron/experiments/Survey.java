package dev.barron.experiments;

import dev.barron.model.Check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The survey command's preset of the sweep engine: a {@link SurveyConfig} becomes the sweep of
 * the experiment {@link SurveySweep} over the grid k x m with `runs` seeds per point, and runs
 * on {@link Sweep} (resume, shards, provenance, merge). The directory holds what it always did:
 * survey.json (the configuration, now with the provenance of every session), shard.json,
 * runs.csv, points.csv, summary.csv, spurious_points.csv and summary.md; and the engine's
 * sweep.json, provenance.jsonl and summary.json.
 *
 * <p>Run r of configuration (k, m) has the seed Rng.stream(seed, k, m, r).nextLong(); shard
 * i/N takes the runs whose index in survey order is congruent to i-1 mod N.
 */
public final class Survey {

    public static final String CONFIG = "survey.json";
    public static final String SHARD = Sweep.SHARD;
    public static final String RUNS = Sweep.RUNS;
    public static final String POINTS = "points.csv";

    /** Lets tests stop a survey (or a sweep, or a study) after n runs, as a crash would. */
    public interface Interruption {
        boolean stopNow(int finishedThisProcess);

        Interruption NEVER = n -> false;
    }

    private Survey() {
    }

    /** The sweep a survey configuration describes: grid k (outer) x m (width rules), runs seeds per point. */
    public static SweepSpec spec(SurveyConfig cfg) {
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("teacher", cfg.teacher().label());
        fixed.put("d", cfg.d());
        fixed.put("init", cfg.init().label());
        fixed.put("init_scale", cfg.initScale());
        fixed.put("lr", cfg.lr());
        fixed.put("grad_tol", cfg.gradTol());
        fixed.put("threshold", cfg.threshold());
        fixed.put("steps", cfg.steps());
        fixed.put("seed", cfg.seed());
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        grid.put("k", new ArrayList<>(cfg.ks()));
        grid.put("m", new ArrayList<>(cfg.ms()));
        return new SweepSpec(SweepExperiments.byName("survey"), fixed, grid, Map.of(), cfg.runs(),
                cfg.backend() == null ? "auto" : cfg.backend(), cfg.device(), cfg.precision());
    }

    /** Every run of the survey, in survey order. */
    public static List<SweepTask> plan(SurveyConfig cfg) {
        return spec(cfg).plan();
    }

    /** The runs of one shard, by key (k,m,seed), in survey order. */
    public static Map<String, SweepTask> shardPlan(SurveyConfig cfg, Shard shard) {
        return spec(cfg).shardPlan(shard);
    }

    /** Validates the directory against the configuration and opens the backend, under the directory's lock. */
    public static Sweep.Prepared prepare(SurveyConfig cfg, Shard shard, Path dir, Consumer<String> notices) throws IOException {
        return Sweep.prepare(spec(cfg), shard, dir, notices);
    }

    /** The survey stored in a directory, for --resume. */
    public static Sweep.Prepared prepareResume(Path dir, Consumer<String> notices) throws IOException {
        if (!Files.isReadable(dir.resolve(CONFIG)) || !Files.isReadable(dir.resolve(SHARD))) {
            throw Check.bad("resume", dir, "needs a survey directory with " + CONFIG + " and " + SHARD);
        }
        if (!Files.isReadable(dir.resolve(Sweep.SPEC))) {
            throw Check.bad("resume", dir, "holds a survey of an earlier version (no " + Sweep.SPEC + "); run it again"
                    + " into a new directory");
        }
        return Sweep.prepareResume(dir, notices);
    }

    /** Runs what is left and writes the summary; false if interrupted. */
    public static boolean execute(Sweep.Prepared p, int threads, ProgressBar bar, Interruption interruption) throws IOException {
        return Sweep.execute(p, threads, bar, interruption);
    }

    /** The runs of a survey's runs.csv (empty if absent). A torn last line is ignored unless strict. */
    public static List<SurveyRun> readRuns(Path file, boolean strict) throws IOException {
        List<SurveyRun> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String[] lines = Files.readString(file).split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            boolean last = i == lines.length - 1;
            if (last && (lines[i].isEmpty() || !strict)) {
                continue;
            }
            String[] f = lines[i].split(",", -1);
            String where = file + ":" + (i + 1);
            if (f.length != 9) {
                throw Check.bad("runs.csv line", where, "expected 9 fields (k,m,seed,steps,final_loss,grad_norm,status,"
                        + "restarts,session), found " + f.length);
            }
            try {
                out.add(new SurveyRun(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), SurveyRun.Status.parse(f[6]), Integer.parseInt(f[7])));
            } catch (NumberFormatException e) {
                throw Check.bad("runs.csv line", where, "is not a run (" + e.getMessage() + ")");
            }
        }
        return out;
    }
}
