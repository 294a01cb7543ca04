package dev.barron.cli;

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
import java.util.concurrent.Callable;

/**
 * A command that is a preset of one sweep experiment: its options become a sweep file's fixed
 * parameters and grid, and it runs on the sweep engine (resume, --shard, `barron merge`,
 * docs/SWEEPS.md). Subclasses name the experiment, the report to print at the end and the files
 * they write (constructor values), and build the parameters.
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

    @Mixin
    ManyRuns many;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep in DIR (only --threads, --quiet and --progress besides).")
    Path resume;

    /** The experiment's name in {@link SweepExperiments}. */
    private final String experiment;
    /** The report printed at the end. */
    private final String report;
    /** The files the command writes besides the summaries, as listed at the end. */
    private final String files;

    PresetSweepCommand(String experiment, String report, String files) {
        this.experiment = experiment;
        this.report = report;
        this.files = files;
    }

    /** The output directory (each command has its own default). */
    abstract Path out();

    /** Fixed parameters (snake_case, as a sweep file's parameters:), seed excluded. */
    abstract Map<String, Object> fixed();

    /** The grid (as a sweep file's grid:). */
    abstract Map<String, List<Object>> grid();

    private Sweep.Prepared prepare(PrintWriter err) throws IOException {
        if (resume != null) {
            ManyRuns.refuseBesideResume(spec, resume, spec.name());
            return Sweep.prepareResume(resume, many.notices(err));
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
        SweepExperiment ex = SweepExperiments.byName(experiment);
        Map<String, Object> fixed = new java.util.LinkedHashMap<>();
        for (SweepParam param : ex.parameters()) {
            if (!grid.containsKey(param.name())) {
                fixed.put(param.name(), given.getOrDefault(param.name(), param.defaultValue()));
            }
        }
        SweepSpec s = new SweepSpec(ex, fixed, grid, Map.of(), seeds, backend.backend, backend.device, backend.precision);
        return Sweep.prepare(s, many.shard(), out(), many.notices(err));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        many.workers();
        Sweep.Prepared p = ManyRuns.prepare(() -> prepare(err));
        Path dir = p.dir();
        many.run(spec, p, spec.name(), "", files + ", summary.csv, summary.md, summary.json, provenance.jsonl");
        Path printed = dir.resolve(report);
        if (!report.equals("summary.md") && Files.exists(printed)) {
            spec.commandLine().getOut().print(Files.readString(printed));
        }
        return BarronCli.EXIT_OK;
    }

    /** Integers as grid values. */
    static List<Object> values(List<?> xs) {
        return List.copyOf(xs);
    }
}
