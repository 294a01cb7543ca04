package dev.barron.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** barron scaling-law: test loss over an (m, n) grid fitted by A M^-a + B N^-b + C (docs/MATH.md section 12.7). */
@Command(name = "scaling-law", sortOptions = false,
        description = {"Scaling law: the test loss of trained models over a grid of widths M and sample sizes N (random",
                "features with the optimal ridge, or the network in G_R), fitted by A M^-a + B N^-b + C by",
                "Levenberg-Marquardt with bootstrap intervals: a scaling-law sweep (docs/SWEEPS.md). Writes the sweep's",
                "files and scaling_law.csv/md/json/svg (the fitted surface against the measured points)."})
public final class ScalingLawCommand extends PresetSweepCommand {

    @Option(names = "--m", split = ",", paramLabel = "M", defaultValue = "10,20,40,80,160,320", description = "Widths M. Default: ${DEFAULT-VALUE}.")
    List<Integer> ms;

    @Option(names = "--n", split = ",", paramLabel = "N", defaultValue = "100,200,400,800,1600", description = "Sample sizes N. Default: ${DEFAULT-VALUE}.")
    List<Integer> ns;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "rf", description = "rf (random features, optimal ridge) or network (ERM in G_R). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--d", paramLabel = "D", defaultValue = "10", description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int d;

    @Option(names = "--target-width", paramLabel = "K", defaultValue = "4", description = "k neurons of f*. Default: ${DEFAULT-VALUE}.")
    int targetWidth;

    @Option(names = "--noise", paramLabel = "S", defaultValue = "0.1", description = "Label noise. Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "1000", description = "Network: step budget. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--bootstrap", paramLabel = "B", defaultValue = "200", description = "Bootstrap resamples. Default: ${DEFAULT-VALUE}.")
    int bootstrap;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/scaling-law", description = "Sweep directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    public ScalingLawCommand() {
        super("scaling-law", "scaling_law.md",
                "scaling_law.csv, scaling_law.md, scaling_law.json, scaling_law.svg");
    }

    @Override
    Path out() {
        return out;
    }

    @Override
    Map<String, Object> fixed() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", model);
        f.put("d", d);
        f.put("target_width", targetWidth);
        f.put("noise", noise);
        f.put("steps", steps);
        f.put("bootstrap", bootstrap);
        return f;
    }

    @Override
    Map<String, List<Object>> grid() {
        Map<String, List<Object>> g = new LinkedHashMap<>();
        g.put("m", values(ms));
        g.put("n", values(ns));
        return g;
    }

}
