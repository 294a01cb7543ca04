package dev.barron.cli;

import dev.barron.experiments.Survey;
import dev.barron.experiments.InitKind;
import dev.barron.experiments.SurveyConfig;
import dev.barron.experiments.Sweep;
import dev.barron.experiments.TeacherKind;
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
import java.util.concurrent.Callable;

/** barron survey: how often GD ends at a spurious point (Safran-Shamir protocol). */
@Command(name = "survey", sortOptions = false,
        description = {"How often GD ends at a spurious local minimum: many runs per (k, m).",
                "Independent GD runs with a = b = 1 frozen, plain scaling, relu:",
                "how often does GD stop at a spurious point? Writes DIR/runs.csv as runs finish",
                "(rerun or --resume to continue after an interruption), DIR/summary.csv and",
                "DIR/summary.md (fractions, 95%% Wilson intervals, distinct spurious points with",
                "their smallest Hessian eigenvalue). --shard i/N runs a deterministic 1/N of the",
                "runs; 'barron merge' combines the shards."})
public final class SurveyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--k", split = ",", paramLabel = "K", description = "Teacher sizes (required unless --resume).")
    List<Integer> ks;
    @Option(names = "--m", split = ",", defaultValue = "k", paramLabel = "M",
            description = "Student widths: numbers or rules in k (k, k+1, 2k). Default: ${DEFAULT-VALUE}.")
    List<String> ms;
    @Option(names = "--runs", defaultValue = "200", description = "Runs per configuration. Default: ${DEFAULT-VALUE}.")
    int runs;
    @Option(names = "--teacher", defaultValue = "identity", converter = Converters.SurveyTeacherConverter.class,
            description = "identity (V = I_k; d = k unless --d) or orthogonal (random orthonormal rows in --d dimensions). Default: ${DEFAULT-VALUE}.")
    TeacherKind teacher;
    @Option(names = "--d", defaultValue = "0", description = "Input dimension (0: d = k). Default: ${DEFAULT-VALUE}.")
    int d;
    @Option(names = "--init", defaultValue = "xavier", converter = Converters.SurveyInitConverter.class, description = "xavier (randn / sqrt(d)) or gaussian (--init-scale * randn). Default: ${DEFAULT-VALUE}.")
    InitKind init;
    @Option(names = "--init-scale", defaultValue = "1", description = "For --init gaussian. Default: ${DEFAULT-VALUE}.")
    double initScale;
    @Option(names = "--lr", defaultValue = "0.1", description = "Step size. Default: ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--grad-tol", defaultValue = "1.5915494309189535e-10",
            description = "Stop when max_i |grad_w_i L| <= this. Default: ${DEFAULT-VALUE} (Safran-Shamir: |2 pi grad| <= 1e-9).")
    double gradTol;
    @Option(names = "--threshold", defaultValue = "1e-3", description = "A stopped run with loss >= this is spurious. Default: ${DEFAULT-VALUE}.")
    double threshold;
    @Option(names = "--steps", defaultValue = "1000000", description = "Step budget per run. Default: ${DEFAULT-VALUE}.")
    long steps;
    @Option(names = "--seed", defaultValue = "1", description = "Survey seed (each run's seed derives from it). Default: ${DEFAULT-VALUE}.")
    long seed;
    @Mixin
    BackendChoice backend;
    @Option(names = "--out", defaultValue = "runs/survey", paramLabel = "DIR", description = "Survey directory. Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the survey in DIR (no other option allowed but --threads, --quiet).")
    Path resume;
    @Mixin
    ManyRuns many;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        many.workers();
        Sweep.Prepared p = BadInputException.guard(() -> {
            try {
                if (resume != null) {
                    ManyRuns.refuseBesideResume(spec, resume, "survey");
                    return Survey.prepareResume(resume, many.notices(err));
                }
                backend.checkName();
                if (Files.exists(out) && !Files.isDirectory(out)) {
                    throw BadInputException.of("--out", out, "exists and is not a directory");
                }
                SurveyConfig cfg = new SurveyConfig(ks, ms, runs, teacher, d, init, initScale, lr, gradTol, threshold, steps,
                        seed, backend.backend, backend.device, backend.precision);
                return Survey.prepare(cfg, many.shard(), out, many.notices(err));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the survey directory: " + e.getMessage(), e);
            }
        });
        many.run(spec, p, "survey", "", "summary.csv, spurious_points.csv, summary.md, summary.json, points.csv, provenance.jsonl");
        return BarronCli.EXIT_OK;
    }
}
