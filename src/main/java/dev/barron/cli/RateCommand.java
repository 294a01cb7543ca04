package dev.barron.cli;

import dev.barron.experiments.RateConfig;
import dev.barron.experiments.Sweep;
import dev.barron.experiments.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** barron rate: excess risk of path-norm ERM against n and m, a preset of the erm sweep (docs/MATH.md section 11.3). */
@Command(name = "rate", sortOptions = false,
        description = {"Excess risk of ERM in the path-norm ball against n (log grid) and against m, constrained and",
                "unconstrained: an erm sweep (docs/SWEEPS.md: resume, --shard, 'barron merge'). Writes the sweep's",
                "files and rate.csv, rate.md, rate.json (fitted exponents with 95%% intervals beside -(d+2)/(2d+2)",
                "and -1/2, the bound's constant C), rate_dD.svg/png and width_dD.svg/png (docs/MATH.md section 11.3)."})
public final class RateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--d", split = ",", paramLabel = "D", defaultValue = "5,10,20", description = "Input dimensions. Default: ${DEFAULT-VALUE}.")
    List<Integer> ds;

    @Option(names = "--n-min", paramLabel = "N", defaultValue = "100", description = "Smallest n. Default: ${DEFAULT-VALUE}.")
    int nMin;

    @Option(names = "--n-max", paramLabel = "N", defaultValue = "100000", description = "Largest n. Default: ${DEFAULT-VALUE}.")
    int nMax;

    @Option(names = "--per-decade", paramLabel = "K", defaultValue = "2", description = "n values per decade. Default: ${DEFAULT-VALUE}.")
    int perDecade;

    @Option(names = "--m", paramLabel = "M", defaultValue = "32", description = "Width of the n sweep. Default: ${DEFAULT-VALUE}.")
    int m;

    @Option(names = "--widths", paramLabel = "M", defaultValue = "2,4,8,16,32",
            description = "Widths of the sweep over m at n = --width-n (none: --widths=). Default: ${DEFAULT-VALUE}.")
    String widths;

    @Option(names = "--width-n", paramLabel = "N", defaultValue = "3162", description = "n of the sweep over m. Default: ${DEFAULT-VALUE}.")
    int widthN;

    @Option(names = "--radius-factor", paramLabel = "F", defaultValue = "1", description = "R = F ||f*||_P. Default: ${DEFAULT-VALUE}.")
    double radiusFactor;

    @Option(names = "--no-unconstrained", negatable = true, defaultValue = "true",
            description = "Run unconstrained ERM (R = inf) beside (default) or not.")
    boolean unconstrained;

    @Option(names = "--seeds", paramLabel = "S", defaultValue = "5", description = "Seeds per point. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "250",
            description = "Step budget per fit (the largest samples use all of it; docs/MATH.md section 11.3). Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the first replicate. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    ErmOptions fit;

    @Mixin
    BackendChoice backend;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/rate", description = "Sweep directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the sweep in DIR (only --threads, --quiet and --progress besides).")
    Path resume;

    @Mixin
    ManyRuns many;

    RateConfig config() {
        Map<String, Object> fixed = new LinkedHashMap<>();
        fixed.put("inputs", fit.inputDistribution().label());
        fixed.put("target_width", fit.targetWidth);
        fixed.put("target_path_norm", fit.targetPathNorm);
        fixed.put("noise", fit.noise);
        fixed.put("method", fit.method.label());
        fixed.put("scaling", fit.scaling.label());
        fixed.put("batch", fit.batch);
        fixed.put("lr", fit.lr);
        fixed.put("steps", steps);
        fixed.put("rel_tol", fit.relTol);
        fixed.put("init_scale", fit.initScale);
        fixed.put("eval_points", fit.evalPoints);
        fixed.put("seed", seed);
        return new RateConfig(ds, nMin, nMax, perDecade, m, widthList(), widthN, radiusFactor, unconstrained, seeds, fixed);
    }

    /** --widths as a list; empty (--widths=) for no sweep over m. */
    private List<Integer> widthList() {
        List<Integer> out = new ArrayList<>();
        if (widths == null || widths.isBlank()) {
            return out;
        }
        for (String w : widths.split(",", -1)) {
            try {
                out.add(Integer.parseInt(w.strip()));
            } catch (NumberFormatException e) {
                throw BadInputException.of("--widths", widths, "must be comma-separated integers, or empty for none");
            }
        }
        return out;
    }

    private Sweep.Prepared prepare(PrintWriter err) throws IOException {
        if (resume != null) {
            ManyRuns.refuseBesideResume(spec, resume, "rate sweep");
            return Sweep.prepareResume(resume, many.notices(err));
        }
        backend.checkName();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw BadInputException.of("--out", out, "exists and is not a directory");
        }
        SweepSpec s = config().spec(backend.backend, backend.device, backend.precision);
        return Sweep.prepare(s, many.shard(), out, many.notices(err));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        many.workers();
        Sweep.Prepared p = ManyRuns.prepare(() -> prepare(err));
        Path dir = p.dir();
        many.run(spec, p, "rate", "", "rate.csv, rate.md, rate.json, rate_dD.svg, width_dD.svg, summary.csv, provenance.jsonl");
        Path md = dir.resolve("rate.md");
        if (Files.exists(md)) {
            spec.commandLine().getOut().print(Files.readString(md));
        }
        return BarronCli.EXIT_OK;
    }
}
