package dev.barron.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** barron separation: l2 vs l1 random features vs the network in G_R against n and d (docs/MATH.md section 12.6). */
@Command(name = "separation", sortOptions = false,
        description = {"The separation experiment: excess risk against n of l2 and l1 random features and of the network",
                "in the path-norm ball, per d, for the single neuron relu(v . x) (or a k-neuron teacher), and the sample",
                "size each needs to reach --risk-target: a separation sweep (docs/SWEEPS.md). Writes the sweep's files and",
                "separation.csv/md/json, separation_dD.svg."})
public final class SeparationCommand extends PresetSweepCommand {

    @Option(names = "--methods", split = ",", paramLabel = "M", defaultValue = "l2,l1,network",
            description = "Methods: l2, l1, lp, network. Default: ${DEFAULT-VALUE}.")
    List<String> methods;

    @Option(names = "--d", split = ",", paramLabel = "D", defaultValue = "5,10,20", description = "Input dimensions. Default: ${DEFAULT-VALUE}.")
    List<Integer> ds;

    @Option(names = "--n", split = ",", paramLabel = "N", defaultValue = "100,200,400,800,1600", description = "Sample sizes. Default: ${DEFAULT-VALUE}.")
    List<Integer> ns;

    @Option(names = "--m", paramLabel = "M", defaultValue = "400", description = "Random features. Default: ${DEFAULT-VALUE}.")
    int m;

    @Option(names = "--width", paramLabel = "W", defaultValue = "16", description = "The network's width. Default: ${DEFAULT-VALUE}.")
    int width;

    @Option(names = "--target-width", paramLabel = "K", defaultValue = "1", description = "k neurons of f* (1: relu(v . x)). Default: ${DEFAULT-VALUE}.")
    int targetWidth;

    @Option(names = "--noise", paramLabel = "S", defaultValue = "0.1", description = "Label noise. Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--select", paramLabel = "S", defaultValue = "validation", description = "lambda: fixed, validation, oracle. Default: ${DEFAULT-VALUE}.")
    String select;

    @Option(names = "--risk-target", paramLabel = "E", defaultValue = "0.01", description = "Excess risk whose n is reported. Default: ${DEFAULT-VALUE}.")
    double riskTarget;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "1000", description = "Network: step budget. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/separation", description = "Sweep directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    public SeparationCommand() {
        super("separation", "separation.md",
                "separation.csv, separation.md, separation.json, separation_dD.svg");
    }

    @Override
    Path out() {
        return out;
    }

    @Override
    Map<String, Object> fixed() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("m", m);
        f.put("width", width);
        f.put("target_width", targetWidth);
        f.put("noise", noise);
        f.put("select", select);
        f.put("risk_target", riskTarget);
        f.put("steps", steps);
        return f;
    }

    @Override
    Map<String, List<Object>> grid() {
        Map<String, List<Object>> g = new LinkedHashMap<>();
        g.put("n", values(ns));
        g.put("d", values(ds));
        g.put("method", values(methods));
        return g;
    }

}
