package dev.barron.cli;

import dev.barron.experiments.Sweep;
import dev.barron.experiments.SweepExperiment;
import dev.barron.experiments.SweepExperiments;
import dev.barron.experiments.SweepFile;
import dev.barron.experiments.SweepParam;
import dev.barron.experiments.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** barron sweep FILE: many runs of one experiment over a grid or zip of its parameters. */
@Command(name = "sweep", sortOptions = false,
        description = {"Runs an experiment over a grid or zip of its parameters (a sweep file).",
                "FILE (YAML or JSON) names an experiment (see --list), fixed parameters, a grid (cartesian",
                "product) and/or a zip (lists varied together) and seeds per point. Writes DIR/runs.csv",
                "as runs finish (rerun or --resume after an interruption), then DIR/summary.csv, .md,",
                ".json (means with 95%% t intervals, fractions with 95%% Wilson intervals) and plots;",
                "DIR/provenance.jsonl says what computed every run. --shard i/N runs 1/N of the runs;",
                "'barron merge' combines the shards."})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The sweep file (YAML or JSON).")
    Path file;
    @Option(names = "--out", paramLabel = "DIR", description = "Sweep directory. Default: runs/<FILE's name without extension>.")
    Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep in DIR (no FILE; only --threads, --quiet, --progress besides).")
    Path resume;
    @Option(names = "--list", description = "List the experiments and their parameters, and exit.")
    boolean list;

    @Mixin
    ManyRuns many;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            stdout.print(listing());
            return BarronCli.EXIT_OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        many.workers();
        Sweep.Prepared p = ManyRuns.prepare(() -> prepare(err));
        many.run(spec, p, "sweep", p.spec().experiment().name() + ", ", "summary.csv, summary.md, summary.json, provenance.jsonl");
        return BarronCli.EXIT_OK;
    }

    private Sweep.Prepared prepare(PrintWriter err) throws IOException {
        if (resume != null) {
            ManyRuns.refuseBesideResume(spec, resume, "sweep");
            if (file != null) {
                throw BadInputException.of("FILE", file, "conflicts with --resume: a resumed sweep keeps the spec stored in " + resume);
            }
            return Sweep.prepareResume(resume, many.notices(err));
        }
        if (file == null) {
            throw BadInputException.of("FILE", "(none)", "give a sweep file, --resume DIR or --list");
        }
        SweepSpec s = SweepFile.read(file);
        BackendChoice.checkName("backend", s.backend());
        Path dir = out != null ? out : Path.of("runs", file.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw BadInputException.of("--out", dir, "exists and is not a directory");
        }
        return Sweep.prepare(s, many.shard(), dir, many.notices(err));
    }

    /** The experiments, each with its parameters, defaults and whether they may vary. */
    static String listing() {
        StringBuilder sb = new StringBuilder();
        for (SweepExperiment e : SweepExperiments.ALL) {
            sb.append(e.name()).append(": ").append(e.description()).append('\n');
            for (SweepParam p : e.parameters()) {
                sb.append(String.format("  %-16s %-22s %s%s%n", p.name(), String.valueOf(p.defaultValue()), p.doc(),
                        p.varies() ? "" : " (fixed per sweep)"));
            }
            sb.append("  results: ").append(String.join(", ", e.results().stream().map(c -> c.name()).toList())).append("\n\n");
        }
        return sb.toString();
    }
}
