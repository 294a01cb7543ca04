package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.backend.cpu.Float64Gram;
import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scaling-law grid (docs/MATH.md section 12.7), a sweep experiment ("scaling-law"; preset
 * `barron scaling-law`): over a grid of widths m (M, the model size) and sample sizes n (N),
 * the test loss of a trained model, random features with the optimally regularised ridge (model
 * rf) or the network in G_R (model network); the summary fits L = A M^-a + B N^-b + C with
 * bootstrap intervals (scaling_law.*).
 */
public final class ScalingLawSweep extends NamedSweepExperiment {

    private static final List<SweepParam> PARAMETERS = List.of(
            SweepParam.integer("m", 100, "model size M: random features, or the network's width"),
            SweepParam.integer("n", 400, "sample size N"),
            SweepParam.integer("d", 10, "input dimension"),
            SweepParam.choice("model", "rf", "rf (ridge, lambda of least excess risk on the grid) or network (ERM in G_R)",
                    "rf", "network").fixed(),
            SweepParam.choice("features", "gaussian", "mu: w ~ N(0, I/d) or uniform on the sphere", "gaussian", "sphere"),
            SweepParam.integer("target_width", 4, "k: f* = (1/k) sum_j relu(v_j . x), v_j on the unit sphere"),
            SweepParam.real("noise", 0.1, "standard deviation of the label noise"),
            SweepParam.real("lambda_min", 1e-7, "smallest lambda of the log grid"),
            SweepParam.real("lambda_max", 1, "largest lambda of the grid"),
            SweepParam.integer("lambda_count", 15, "values in the grid"),
            SweepParam.real("radius_factor", 1, "the network's ball: R = radius_factor ||f*||_P"),
            SweepParam.longValue("steps", 2000, "the network's step budget"),
            SweepParam.integer("bootstrap", 200, "bootstrap resamples of the fit's intervals").fixed(),
            SweepParam.longValue("seed", 1, "seed of target, sample, noise, features, initialisation (replicate 0)"));

    private static final List<SweepColumn> RESULTS = List.of(
            SweepColumn.plottedNumber("test_loss"),
            SweepColumn.number("excess_risk"),
            SweepColumn.number("lambda"),
            SweepColumn.number("wall_seconds"));

    public ScalingLawSweep() {
        super("scaling-law",
                "test loss over an (m, n) grid, fitted by A M^-a + B N^-b + C with bootstrap intervals",
                PARAMETERS, RESULTS);
    }

    static RfmConfig config(SweepPoint p) {
        String model = p.text("model");
        if (!model.equals("rf") && !model.equals("network")) {
            throw Check.bad("model", model, "allowed: rf, network");
        }
        RfmMethod method = model.equals("network") ? RfmMethod.NETWORK : RfmMethod.L2;
        return new RfmConfig(p.integer("d"), p.integer("n"), p.integer("m"), FeatureDistribution.parse(p.text("features")),
                method, 2, 0, LambdaSelection.ORACLE, p.real("lambda_min"), p.real("lambda_max"), p.integer("lambda_count"),
                0.2, p.integer("target_width"), p.real("noise"), p.real("radius_factor"), p.longValue("steps"), 1e-6, 1,
                p.longValue("seed"));
    }

    @Override
    public void check(SweepPoint point) {
        config(point);
        Check.positive("bootstrap", point.integer("bootstrap"));
    }

    @Override
    public ProblemSize size(SweepPoint p) {
        return new ProblemSize(p.integer("m"), p.integer("target_width"), p.integer("d"), p.integer("n"));
    }

    @Override
    public List<SweepOutcome> run(Backend backend, List<SweepTask> batch, int threads) {
        List<SweepOutcome> out = new ArrayList<>();
        for (SweepTask t : batch) {
            RfmConfig c = config(t.point().with("seed", t.seed()));
            RfmResult r = RfmFit.run(backend, c, Float64Gram.BLAS);
            out.add(SweepOutcome.of(r.excessRisk() + c.noise() * c.noise(), r.excessRisk(), r.lambda(), r.wallSeconds()));
        }
        return out;
    }

    @Override
    public Map<String, byte[]> summary(SweepResults results) {
        Map<String, byte[]> files = new LinkedHashMap<>(SweepSummary.files(this, results));
        files.putAll(ScalingLawReport.files(results));
        return files;
    }
}
