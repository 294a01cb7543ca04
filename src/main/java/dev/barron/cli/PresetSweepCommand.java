package dev.barron.cli;

import dev.barron.experiments.ProgressBar;
import dev.barron.experiments.Shard;
import dev.barron.experiments.Survey;
import dev.barron.experiments.Sweep;
import dev.barron.experiments.SweepExperiment;
import dev.barron.experiments.SweepExperiments;
import dev.barron.experiments.SweepParam;
import dev.barron.experiments.SweepSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A command that is a preset of one sweep experiment: its options become a sweep file's fixed
 * parameters and grid, and it runs on the sweep engine (resume, --shard, `barron merge`,
 * docs/SWEEPS.md). Subclasses name the experiment, build the parameters, and say which report
 * file to print at the end.
 */
abstract class PresetSweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seeds", paramLabel = "S", defaultValue = "3", description = "Seeds per point. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the first replicate. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    BackendChoice backend;

    @Option(names = "--shard", paramLabel = "i/N", description = "Run shard i of N (default: from a job array's environment, else 1/1).")
    String shard;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep in DIR (only --quiet and --progress besides).")
    Path resume;

    @Option(names = "--quiet", description = "No progress bar and no notes.")
    boolean quiet;

    @Option(names = "--progress", description = "Redraw the progress bar in place even when stderr is not a terminal.")
    boolean progress;

    private static final Set<String> WITH_RESUME = Set.of("--resume", "--quiet", "--progress");

    /** The experiment's name in {@link SweepExperiments}. */
    abstract String experiment();

    /** The output directory (each command has its own default). */
    abstract Path out();

    /** Fixed parameters (snake_case, as a sweep file's parameters:), seed excluded. */
    abstract Map<String, Object> fixed();

    /** The grid (as a sweep file's grid:). */
    abstract Map<String, List<Object>> grid();

    /** The report printed at the end, and the list of files named after it. */
    abstract String report();

    abstract String files();

    private Sweep.Prepared prepare(PrintWriter err) throws IOException {
        if (resume != null) {
            for (var o : spec.commandLine().getParseResult().matchedOptions()) {
                if (!WITH_RESUME.contains(o.longestName())) {
                    throw BadInputException.of(o.longestName(), "(given)", "conflicts with --resume: a resumed sweep keeps"
                            + " the configuration stored in " + resume);
                }
            }
            return Sweep.prepareResume(resume, Quiet.notices(err, quiet));
        }
        backend.checkName();
        if (seeds < 1) {
            throw BadInputException.of("--seeds", seeds, "must be >= 1");
        }
        if (Files.exists(out()) && !Files.isDirectory(out())) {
            throw BadInputException.of("--out", out(), "exists and is not a directory");
        }
        Map<String, Object> given = new java.util.LinkedHashMap<>(fixed());
        given.put("seed", seed);
        Map<String, List<Object>> grid = grid();
        SweepExperiment ex = SweepExperiments.byName(experiment());
        Map<String, Object> fixed = new java.util.LinkedHashMap<>();
        for (SweepParam param : ex.parameters()) {
            if (!grid.containsKey(param.name())) {
                fixed.put(param.name(), given.getOrDefault(param.name(), param.defaultValue()));
            }
        }
        SweepSpec s = new SweepSpec(ex, fixed, grid, Map.of(), seeds, backend.backend,
                backend.device, backend.precision);
        Shard sh = shard == null ? Shard.fromEnvironment(System.getenv()) : Shard.parse(shard);
        return Sweep.prepare(s, sh, out(), Quiet.notices(err, quiet));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Sweep.Prepared p = BadInputException.guard(() -> {
            try {
                return prepare(err);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the sweep: " + e.getMessage(), e);
            }
        });
        try (p) {
            if (p.done() > 0) {
                err.println("resuming: " + p.done() + " of " + p.total() + " runs already in " + p.dir().resolve(Sweep.RUNS));
                err.flush();
            }
            long t0 = System.nanoTime();
            String name = spec.name();
            ProgressBar bar = quiet ? ProgressBar.silent()
                    : ProgressBar.onStderr(name + " " + p.shard().index() + "/" + p.shard().count(), p.done(), progress);
            Sweep.execute(p, 1, bar, Survey.Interruption.NEVER);
            stdout.printf("%s: %d runs (%d this time) on %s, %.1f s%n", name, p.total(), p.todo().size(), p.backend().name(),
                    (System.nanoTime() - t0) * 1e-9);
            Path md = p.dir().resolve(report());
            if (Files.exists(md)) {
                stdout.print(Files.readString(md));
            }
            stdout.println("files: " + p.dir().resolve(Sweep.RUNS) + ", " + files() + ", summary.csv, provenance.jsonl");
        }
        return BarronCli.EXIT_OK;
    }

    /** Integers as grid values. */
    static List<Object> values(List<?> xs) {
        return List.copyOf(xs);
    }
}
