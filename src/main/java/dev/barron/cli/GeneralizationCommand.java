package dev.barron.cli;

import dev.barron.backend.ProjectionMethod;
import dev.barron.experiments.Figures;
import dev.barron.experiments.GeneralizationConfig;
import dev.barron.experiments.GeneralizationStudy;
import dev.barron.experiments.ProgressBar;
import dev.barron.experiments.Survey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** barron generalization: how well complexity measures rank the generalisation gap of trained networks. */
@Command(name = "generalization", sortOptions = false,
        description = {"Which complexity measure ranks the generalisation gap? A grid of networks trained by SGD",
                "on teacher data (Gaussian inputs, a relu teacher, label noise); for each: every measure of",
                "'barron measures', the train risk, the population risk in closed form and the gap. Then",
                "Kendall's tau of each measure with the gap, and the granulated tau (Jiang et al. 2020),",
                "with 95%% bootstrap intervals. Writes DIR/networks.csv as networks finish (--resume DIR",
                "continues), then DIR/table.md, table.csv, summary.json and scatter_MEASURE.png.",
                "Formulas: docs/MATH.md section 10."})
public final class GeneralizationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--widths", split = ",", defaultValue = "8,32", description = "Student widths m. Default: ${DEFAULT-VALUE}.")
    List<Integer> widths;
    @Option(names = "--lr", split = ",", defaultValue = "0.02,0.1", description = "Step sizes. Default: ${DEFAULT-VALUE}.")
    List<Double> lrs;
    @Option(names = "--batch", split = ",", defaultValue = "8,32", description = "Minibatch sizes (<= every n). Default: ${DEFAULT-VALUE}.")
    List<Integer> batches;
    @Option(names = "--n", split = ",", defaultValue = "64,256", description = "Sample sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> samples;
    @Option(names = "--init-scale", split = ",", defaultValue = "0.5,1",
            description = "c in W0 = c randn / sqrt(d), a0 = c randn / sqrt(m). Default: ${DEFAULT-VALUE}.")
    List<Double> initScales;
    @Option(names = "--radius", split = ",", defaultValue = "0,6",
            description = "l1 path-norm radius of projected SGD (0: unconstrained). Default: ${DEFAULT-VALUE}.")
    List<Double> radii;
    @Option(names = "--steps", split = ",", defaultValue = "500,2000", description = "Training lengths (SGD steps). Default: ${DEFAULT-VALUE}.")
    List<Long> steps;
    @Option(names = "--seeds", defaultValue = "2", description = "Networks per grid point. Default: ${DEFAULT-VALUE}.")
    int seeds;
    @Option(names = "--k", defaultValue = "3", description = "Teacher neurons (orthonormal rows, b = 1). Default: ${DEFAULT-VALUE}.")
    int k;
    @Option(names = "--d", defaultValue = "10", description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int d;
    @Option(names = "--noise", defaultValue = "0.5", description = "Label noise standard deviation. Default: ${DEFAULT-VALUE}.")
    double noise;
    @Option(names = "--projection", defaultValue = "prox-bisection", converter = Converters.MethodConverter.class,
            description = "Projection method for --radius: prox-bisection, rescale, l1-outer. Default: ${DEFAULT-VALUE}.")
    ProjectionMethod projection;
    @Option(names = "--seed", defaultValue = "1", description = "Study seed. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap replicates. Default: ${DEFAULT-VALUE}.")
    int bootstrap;
    @Option(names = "--threads", description = "Networks trained in parallel. Default: all cores.")
    Integer threads;
    @Mixin
    BackendChoice backend;
    @Option(names = "--out", defaultValue = "runs/generalization", paramLabel = "DIR", description = "Study directory. Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the study in DIR (no other option allowed but --threads, --quiet).")
    Path resume;
    @Option(names = "--quiet", description = "No progress bar and no notes.")
    boolean quiet;
    @Option(names = "--progress", description = "Redraw the progress bar in place even when stderr is not a terminal"
            + " (otherwise one line per phase there).")
    boolean progress;

    private static final Set<String> WITH_RESUME = Set.of("--resume", "--quiet", "--threads", "--progress");

    private GeneralizationStudy.Prepared prepare(PrintWriter err) {
        try {
            if (resume != null) {
                for (var o : spec.commandLine().getParseResult().matchedOptions()) {
                    if (!WITH_RESUME.contains(o.longestName())) {
                        throw BadInputException.of(o.longestName(), "(given)",
                                "conflicts with --resume: a resumed study keeps the configuration stored in " + resume);
                    }
                }
                return GeneralizationStudy.prepareResume(resume, Quiet.notices(err, quiet));
            }
            backend.checkName();
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw BadInputException.of("--out", out, "exists and is not a directory");
            }
            GeneralizationConfig cfg = new GeneralizationConfig(widths, lrs, batches, samples, initScales, radii, steps,
                    seeds, k, d, noise, projection, seed, bootstrap, backend.backend, backend.device, backend.precision);
            return GeneralizationStudy.prepare(cfg, out, Quiet.notices(err, quiet));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the study directory: " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw BadInputException.of("--threads", workers, "must be >= 1");
        }
        GeneralizationStudy.Prepared p = BadInputException.guard(() -> prepare(err));
        PrintWriter stdout = spec.commandLine().getOut();
        try (p) {
            if (p.done() > 0) {
                err.println("resuming: " + p.done() + " of " + p.total() + " networks already in "
                        + p.dir().resolve(GeneralizationStudy.NETWORKS));
                err.flush();
            }
            long t0 = System.nanoTime();
            ProgressBar bar = quiet ? ProgressBar.silent() : ProgressBar.onStderr("generalization", p.done(), progress);
            GeneralizationStudy.execute(p, workers, bar, Survey.Interruption.NEVER);
            stdout.printf("generalization: %d networks (%d this time) on %s, %d worker(s), %.1f s%n", p.total(),
                    p.todo().size(), p.backend().name(), workers, (System.nanoTime() - t0) * 1e-9);
            stdout.print(Files.readString(p.dir().resolve("table.md")));
            stdout.println("files: " + p.dir().resolve(GeneralizationStudy.NETWORKS) + ", table.md, table.csv, summary.json, scatter_*.png");
        }
        Figures.note().ifPresent(Quiet.notices(err, quiet));
        return BarronCli.EXIT_OK;
    }
}
