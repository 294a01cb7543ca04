package dev.barron.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** barron rfm: random features with the l2 / l1 / l_p norm beside the network in G_R on the same sample (docs/MATH.md section 12). */
@Command(name = "rfm", sortOptions = false,
        description = {"Random features (first layer drawn from mu, only a trained) with the l2 norm (ridge by Cholesky;",
                "lambda = 0: the minimum-norm fit by SVD), the l1 norm (FISTA with restart) or l_p (1 <= p <= 2, FISTA),",
                "beside the two-layer network trained in the path-norm ball G_R, all on the same sample: an rfm sweep",
                "over --methods (docs/SWEEPS.md: resume, --shard, 'barron merge'). Writes runs.csv, summary.csv/md/json,",
                "excess_risk.svg and provenance.jsonl."})
public final class RfmCommand extends PresetSweepCommand {

    @Option(names = "--methods", split = ",", paramLabel = "M", defaultValue = "l2,l1,network",
            description = "Methods side by side: l2, l1, lp, network. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--n", paramLabel = "N", defaultValue = "500", description = "Sample size. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--d", paramLabel = "D", defaultValue = "10", description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int d;

    @Option(names = "--m", paramLabel = "M", defaultValue = "500", description = "Random features (network: width). Default: ${DEFAULT-VALUE}.")
    int m;

    @Option(names = "--width", paramLabel = "W", defaultValue = "0", description = "The network's width (0: --m). Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--p", paramLabel = "P", defaultValue = "1.5", description = "Exponent of method lp, in [1, 2]. Default: ${DEFAULT-VALUE}.")
    double p;

    @Option(names = "--features", paramLabel = "MU", defaultValue = "gaussian", description = "mu: gaussian (N(0, I/d)) or sphere. Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--select", paramLabel = "S", defaultValue = "validation",
            description = "lambda: fixed (--lambda), validation (held-out 20%% of the sample, then refit), oracle (least excess risk). Default: ${DEFAULT-VALUE}.")
    String select;

    @Option(names = "--lambda", paramLabel = "L", defaultValue = "1e-3", description = "lambda of --select fixed (>= 0). Default: ${DEFAULT-VALUE}.")
    double lambda;

    @Option(names = "--lambda-min", paramLabel = "L", defaultValue = "1e-6", description = "Smallest lambda of the log grid. Default: ${DEFAULT-VALUE}.")
    double lambdaMin;

    @Option(names = "--lambda-max", paramLabel = "L", defaultValue = "1", description = "Largest lambda of the grid. Default: ${DEFAULT-VALUE}.")
    double lambdaMax;

    @Option(names = "--lambda-count", paramLabel = "K", defaultValue = "13", description = "Values in the grid. Default: ${DEFAULT-VALUE}.")
    int lambdaCount;

    @Option(names = "--target-width", paramLabel = "K", defaultValue = "1", description = "k neurons of f* (1: relu(v . x)). Default: ${DEFAULT-VALUE}.")
    int targetWidth;

    @Option(names = "--noise", paramLabel = "S", defaultValue = "0.1", description = "Label noise. Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--radius-factor", paramLabel = "F", defaultValue = "1", description = "Network: R = F ||f*||_P. Default: ${DEFAULT-VALUE}.")
    double radiusFactor;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "2000", description = "Network: step budget. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/rfm", description = "Sweep directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    public RfmCommand() {
        super("rfm", "summary.md",
                "summary.md, summary.json, excess_risk.svg");
    }

    @Override
    Path out() {
        return out;
    }

    @Override
    Map<String, Object> fixed() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("n", n);
        f.put("d", d);
        f.put("m", m);
        f.put("width", width);
        f.put("p", p);
        f.put("features", features);
        f.put("select", select);
        f.put("lambda", lambda);
        f.put("lambda_min", lambdaMin);
        f.put("lambda_max", lambdaMax);
        f.put("lambda_count", lambdaCount);
        f.put("target_width", targetWidth);
        f.put("noise", noise);
        f.put("radius_factor", radiusFactor);
        f.put("steps", steps);
        return f;
    }

    @Override
    Map<String, List<Object>> grid() {
        return Map.of("method", values(methods));
    }

}
