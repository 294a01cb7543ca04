package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.train.Rng;

import java.util.List;
import java.util.Map;

/**
 * An experiment the sweep engine can run: `barron sweep FILE` with `experiment: NAME`. One class
 * per experiment, listed once in {@link SweepExperiments}; docs/SWEEPS.md walks through adding one.
 *
 * <p>The engine owns everything around the runs: reading the sweep file, the grid and the zip,
 * seeds, the plan and its shards, the directory and its lock, runs.csv appended as runs finish,
 * resume after a kill, provenance, merge, and (by default) the summary and plots. The
 * experiment says what it takes and what it finds, and runs a batch:
 *
 * <ol>
 *   <li>{@link #parameters()}: every parameter, typed, with its default ({@link SweepParam}).
 *       A sweep file may set any of them in {@code parameters:} and vary those that
 *       {@link SweepParam#varies()} in {@code grid:} or {@code zip:}; anything else is refused
 *       before a file is written, naming the key, its value and what is allowed.</li>
 *   <li>{@link #resolve} and {@link #check}: derived values (the survey's width rule "k+1" at k)
 *       and the checks across parameters, done for every point before the sweep starts (the usual
 *       way: build the experiment's configuration record from the point and let its constructor
 *       validate it).</li>
 *   <li>{@link #results()}: the result columns, in runs.csv order after the varied parameters and
 *       the seed; their kinds decide the summary (means with t intervals, fractions with Wilson
 *       intervals).</li>
 *   <li>{@link #run}: trains a batch of tasks on the open backend and returns one
 *       {@link SweepOutcome} per task, in order. Tasks of one batch share {@link #shape} (when
 *       it is not null), so an experiment whose runs are population GD hands the batch to
 *       {@link Backend#trainEnsemble} in one call.</li>
 * </ol>
 *
 * <p>Optional: {@link #seed} (how replicate r's seed derives from the point), {@link #sideFiles}
 * (files appended with each run, such as the survey's points.csv), {@link #configFiles} (files
 * written with sweep.json at the start), and {@link #summary} (the survey keeps its own tables).
 * Implementations hold no state: the engine may call any method from any thread.
 */
public interface SweepExperiment {

    /** The name a sweep file gives in {@code experiment:} (kebab-case, as the command of the same run). */
    String name();

    /** One line for `barron sweep --list`. */
    String description();

    /** Every parameter, in the order runs.csv and the summary list the varied ones. */
    List<SweepParam> parameters();

    /** The result columns of runs.csv, in order. */
    List<SweepColumn> results();

    /** The point with its derived values filled in (default: as given). Fails naming the parameter. */
    default SweepPoint resolve(SweepPoint point) {
        return point;
    }

    /** Fails (IllegalArgumentException naming the parameter, its value and what is allowed) if the point cannot run. */
    default void check(SweepPoint point) {
    }

    /**
     * The seed of replicate r at a point: replicate 0 runs with the point's own {@code seed}
     * parameter (the seed the single-run command would use), replicate r &gt; 0 with a seed
     * derived from it.
     */
    default long seed(SweepPoint point, int replicate) {
        long base = point.longValue("seed");
        return replicate == 0 ? base : Rng.stream(base, replicate).nextLong();
    }

    /** Runs of equal non-null shape may share a batch (one ensemble); null: each run alone. */
    default String shape(SweepPoint point) {
        return null;
    }

    /** The problem size a point needs, for choosing and opening the backend (the engine takes the largest). */
    ProblemSize size(SweepPoint point);

    /**
     * Runs a batch (tasks of one shape, in sweep order) on backend; threads is the number of cores
     * the user gave the sweep (1: one run at a time on the calling thread). Returns one outcome
     * per task, in the same order.
     */
    List<SweepOutcome> run(Backend backend, List<SweepTask> batch, int threads);

    /**
     * How many batches of this experiment the sweep may run at once on backend (each {@link #run}
     * call then on its own thread; above 1 the batches start largest {@link #size} first and are
     * written as they end, see {@link BatchRunner}). Default: 1.
     */
    default int concurrentBatches(Backend backend, int threads) {
        return 1;
    }

    /** Files appended with each run (name to CSV header), e.g. the survey's points.csv. */
    default Map<String, String> sideFiles() {
        return Map.of();
    }

    /**
     * Files written beside sweep.json whenever a session starts (name to bytes), e.g. the
     * survey's survey.json; sessions are every session of the directory so far, this one last.
     */
    default Map<String, byte[]> configFiles(SweepSpec spec, List<SweepSession> sessions) {
        return Map.of();
    }

    /**
     * The summary files (name to bytes), from the results alone: the same results give the same
     * bytes. The default is the engine's: summary.csv, summary.md, summary.json and plots
     * ({@link SweepSummary}).
     */
    default Map<String, byte[]> summary(SweepResults results) {
        return SweepSummary.files(this, results);
    }
}
