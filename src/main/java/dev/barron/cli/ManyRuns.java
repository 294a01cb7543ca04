package dev.barron.cli;

import dev.barron.experiments.Figures;
import dev.barron.experiments.ProgressBar;
import dev.barron.experiments.Shard;
import dev.barron.experiments.Survey;
import dev.barron.experiments.Sweep;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options and the run of the commands that run a sweep (sweep, survey): --threads, --shard,
 * --quiet, --progress (a picocli mixin), what a --resume allows beside it, and the execution
 * with its progress bar and report.
 */
public final class ManyRuns {

    @Option(names = "--threads", description = "1: one run at a time on one core; otherwise (default) the backend's ensemble engine, on all its cores.")
    Integer threads;
    @Option(names = "--shard", paramLabel = "i/N",
            description = "Run shard i of N. Default: from a job array's environment (SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX of BARRON_SHARD_COUNT), else 1/1.")
    String shard;
    @Option(names = "--quiet", description = "No progress bar and no notes.")
    boolean quiet;
    @Option(names = "--progress", description = "Redraw the progress bar in place even when stderr is not a terminal"
            + " (otherwise one line per phase there).")
    boolean progress;

    /** The options a --resume may come with: the stored sweep fixes everything else. */
    private static final Set<String> WITH_RESUME = Set.of("--resume", "--quiet", "--threads", "--progress");

    /** Workers: --threads, or every core. */
    int workers() {
        int w = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (w < 1) {
            throw BadInputException.of("--threads", w, "must be >= 1");
        }
        return w;
    }

    /** --shard, or the job array's. */
    Shard shard() {
        return shard == null ? Shard.fromEnvironment(System.getenv()) : Shard.parse(shard);
    }

    Consumer<String> notices(PrintWriter err) {
        return Quiet.notices(err, quiet);
    }

    /** How a command prepares its sweep (a new one, or the one in a --resume directory). */
    interface Preparation {
        Sweep.Prepared get() throws IOException;
    }

    /** The prepared sweep, or exit 2 (one line) when its inputs or its directory are not usable. */
    static Sweep.Prepared prepare(Preparation preparation) {
        return BadInputException.guard(() -> {
            try {
                return preparation.get();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the sweep: " + e.getMessage(), e);
            }
        });
    }

    /** Refuses any option beside --resume that would change the stored sweep. */
    static void refuseBesideResume(CommandSpec spec, Path resume, String what) {
        for (var o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!WITH_RESUME.contains(o.longestName())) {
                throw BadInputException.of(o.longestName(), "(given)",
                        "conflicts with --resume: a resumed " + what + " keeps the configuration stored in " + resume);
            }
        }
    }

    /** Runs what is left and prints "NAME: [what, ]N runs (M this time) on BACKEND, ...", the summary and the files. */
    void run(CommandSpec spec, Sweep.Prepared p, String name, String what, String files) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        int workers = workers();
        try (p) {
            if (p.done() > 0) {
                err.println("resuming: " + p.done() + " of " + p.total() + " runs already in " + p.dir().resolve(Sweep.RUNS));
                err.flush();
            }
            long t0 = System.nanoTime();
            ProgressBar bar = quiet ? ProgressBar.silent()
                    : ProgressBar.onStderr(name + " " + p.shard().index() + "/" + p.shard().count(), p.done(), progress);
            Sweep.execute(p, workers, bar, Survey.Interruption.NEVER);
            stdout.printf("%s: %s%d runs (%d this time) on %s, %d worker(s), %.1f s%n", name, what, p.total(), p.todo().size(),
                    p.backend().name(), workers, (System.nanoTime() - t0) * 1e-9);
            stdout.print(Files.readString(p.dir().resolve("summary.md")));
            stdout.println("files: " + p.dir().resolve(Sweep.RUNS) + ", " + files);
            Figures.note().ifPresent(notices(err));
        }
    }
}
