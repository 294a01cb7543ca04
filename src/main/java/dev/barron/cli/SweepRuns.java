package dev.barron.cli;

import dev.barron.experiments.ProgressBar;
import dev.barron.experiments.Survey;
import dev.barron.experiments.Sweep;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;

/** What the commands that run a sweep (sweep, rate) share: preparing, the --resume rule, running with a progress bar. */
final class SweepRuns {

    private SweepRuns() {
    }

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

    /** With --resume DIR only the options in allowed may be given: the rest comes from DIR. */
    static void onlyWithResume(CommandSpec spec, Set<String> allowed, Path resume) {
        for (var o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!allowed.contains(o.longestName())) {
                throw BadInputException.of(o.longestName(), "(given)",
                        "conflicts with --resume: a resumed sweep keeps the spec stored in " + resume);
            }
        }
    }

    /** Runs what is left of p with a progress bar named label; returns the wall seconds. */
    static double execute(Sweep.Prepared p, int workers, boolean quiet, boolean progress, String label, PrintWriter err)
            throws IOException {
        if (p.done() > 0) {
            err.println("resuming: " + p.done() + " of " + p.total() + " runs already in " + p.dir().resolve(Sweep.RUNS));
            err.flush();
        }
        long t0 = System.nanoTime();
        ProgressBar bar = quiet ? ProgressBar.silent()
                : ProgressBar.onStderr(label + " " + p.shard().index() + "/" + p.shard().count(), p.done(), progress);
        Sweep.execute(p, workers, bar, Survey.Interruption.NEVER);
        return (System.nanoTime() - t0) * 1e-9;
    }
}
