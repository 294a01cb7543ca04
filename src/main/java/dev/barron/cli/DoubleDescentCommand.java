package dev.barron.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** barron double-descent: the minimum-norm random-features fit against m/n, and the optimal ridge (docs/MATH.md section 12.5). */
@Command(name = "double-descent", sortOptions = false,
        description = {"Double descent: the excess risk of the minimum-norm random-features fit against m/n through the",
                "interpolation threshold m = n, beside the ridge fit with the lambda of least excess risk (optimal",
                "regularisation), several seeds with 95%% intervals: a double-descent sweep over m (docs/SWEEPS.md).",
                "Writes the sweep's files and double_descent.csv/md/json/svg (the peaks with their intervals)."})
public final class DoubleDescentCommand extends PresetSweepCommand {

    @Option(names = "--n", paramLabel = "N", defaultValue = "200", description = "Sample size. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--ratios", split = ",", paramLabel = "R",
            defaultValue = "0.1,0.25,0.5,0.75,0.9,0.95,1,1.05,1.1,1.25,1.5,2,3,5,10",
            description = "m/n values (m = round(R n), at least 1). Default: ${DEFAULT-VALUE}.")
    List<Double> ratios;

    @Option(names = "--d", paramLabel = "D", defaultValue = "10", description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int d;

    @Option(names = "--features", paramLabel = "MU", defaultValue = "gaussian", description = "mu: gaussian or sphere. Default: ${DEFAULT-VALUE}.")
    String features;

    @Option(names = "--target-width", paramLabel = "K", defaultValue = "1", description = "k neurons of f*. Default: ${DEFAULT-VALUE}.")
    int targetWidth;

    @Option(names = "--noise", paramLabel = "S", defaultValue = "0.3", description = "Label noise. Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--lambda-min", paramLabel = "L", defaultValue = "1e-8", description = "Smallest lambda of the optimal ridge's grid. Default: ${DEFAULT-VALUE}.")
    double lambdaMin;

    @Option(names = "--lambda-max", paramLabel = "L", defaultValue = "1", description = "Largest lambda. Default: ${DEFAULT-VALUE}.")
    double lambdaMax;

    @Option(names = "--lambda-count", paramLabel = "K", defaultValue = "17", description = "Values in the grid. Default: ${DEFAULT-VALUE}.")
    int lambdaCount;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/double-descent", description = "Sweep directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    public DoubleDescentCommand() {
        super("double-descent", "double_descent.md",
                "double_descent.csv, double_descent.md, double_descent.json, double_descent.svg");
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
        f.put("features", features);
        f.put("target_width", targetWidth);
        f.put("noise", noise);
        f.put("lambda_min", lambdaMin);
        f.put("lambda_max", lambdaMax);
        f.put("lambda_count", lambdaCount);
        return f;
    }

    @Override
    Map<String, List<Object>> grid() {
        TreeSet<Integer> ms = new TreeSet<>();
        for (double r : ratios) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw BadInputException.of("--ratios", r, "every m/n must be > 0 and finite");
            }
            ms.add((int) Math.max(1, Math.round(r * n)));
        }
        return Map.of("m", new ArrayList<>(ms));
    }

}
