package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.backend.ProjectionMethod;
import dev.barron.experiments.ErmResult.ErmStop;
import dev.barron.model.Check;
import dev.barron.model.Scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ERM in the path-norm ball as a sweep experiment ("erm"): one {@link ErmFit} per run, recorded
 * by its end. Its summary adds, when n takes three values or more, the rate analysis of
 * {@link RateReport} (the preset `barron rate` is such a sweep).
 */
public final class ErmSweep extends NamedSweepExperiment {

    private static final List<SweepParam> PARAMETERS = List.of(
            SweepParam.integer("n", 1000, "sample size"),
            SweepParam.integer("d", 10, "input dimension"),
            SweepParam.integer("m", 64, "student width"),
            SweepParam.real("radius", 1, "path-norm radius R (0: unconstrained ERM, R = inf)"),
            SweepParam.choice("inputs", "gaussian", "gaussian (exact excess risk) or uniform on [-1,1]^d (Monte Carlo)",
                    "gaussian", "uniform"),
            SweepParam.integer("target_width", 16, "neurons of the random target"),
            SweepParam.real("target_path_norm", 1, "path norm of the random target"),
            SweepParam.real("noise", 0.1, "standard deviation of the label noise"),
            SweepParam.choice("method", "prox-bisection", "projection after every step",
                    Arrays.stream(ProjectionMethod.values()).map(ProjectionMethod::label).toArray(String[]::new)),
            SweepParam.choice("scaling", "plain", "output scaling", "plain", "mean-field"),
            SweepParam.integer("batch", 0, "0: full batch, adaptive step; else the minibatch size"),
            SweepParam.real("lr", 1, "step (full batch: the first one)"),
            SweepParam.longValue("steps", 2000, "step budget"),
            SweepParam.real("rel_tol", 1e-6, "full batch: stop when the train risk falls by less than this per step"),
            SweepParam.real("init_scale", 0.5, "W0 = init_scale G / sqrt(d)"),
            SweepParam.integer("eval_points", 1_000_000, "Monte-Carlo points of the excess risk (uniform inputs)"),
            SweepParam.longValue("seed", 1, "seed of target, sample, noise and initialisation (replicate 0; others derive from it)"));

    private static final List<SweepColumn> RESULTS = List.of(
            SweepColumn.category("stop", Arrays.stream(ErmStop.values()).map(ErmStop::label).toList()),
            SweepColumn.number("train_risk"),
            SweepColumn.plottedNumber("excess_risk"),
            SweepColumn.number("excess_risk_std_err"),
            SweepColumn.number("path_norm"),
            SweepColumn.flag("constraint_active"),
            SweepColumn.number("steps"),
            SweepColumn.number("wall_seconds"));

    public ErmSweep() {
        super("erm",
                "ERM in the path-norm ball by projected gradient steps (as barron erm), recorded by its excess risk",
                PARAMETERS, RESULTS);
    }

    /** The one place where a sweep's values become an ErmConfig (whose constructor checks them). */
    public static ErmConfig config(SweepPoint p) {
        double radius = p.real("radius");
        if (radius < 0) {
            throw Check.bad("radius", radius, "must be > 0, or 0 for unconstrained ERM");
        }
        return new ErmConfig(p.integer("d"), p.integer("m"), p.integer("n"), InputDistribution.parse(p.text("inputs")),
                new ErmTarget.Random(p.integer("target_width"), p.real("target_path_norm")), p.real("noise"),
                radius == 0 ? Double.POSITIVE_INFINITY : radius, ProjectionMethod.parse(p.text("method")),
                Scaling.parse(p.text("scaling")), p.integer("batch"), p.real("lr"), p.longValue("steps"),
                p.real("rel_tol"), p.real("init_scale"), p.longValue("seed"), p.integer("eval_points"), 20, null);
    }

    @Override
    public void check(SweepPoint point) {
        config(point);
    }

    @Override
    public ProblemSize size(SweepPoint p) {
        return new ProblemSize(p.integer("m"), 0, p.integer("d"), p.integer("n"));
    }

    @Override
    public List<SweepOutcome> run(Backend backend, List<SweepTask> batch, int threads) {
        List<SweepOutcome> out = new ArrayList<>();
        for (SweepTask t : batch) {
            ErmResult r = ErmFit.run(backend, config(t.point().with("seed", t.seed())));
            out.add(SweepOutcome.of(r.stop().label(), r.trainRisk(), r.excessRisk(), r.excessRiskStdErr(), r.pathNorm(),
                    r.constraintActive(), r.steps(), r.wallSeconds()));
        }
        return out;
    }

    @Override
    public Map<String, byte[]> summary(SweepResults results) {
        Map<String, byte[]> files = new LinkedHashMap<>(SweepSummary.files(this, results));
        files.putAll(RateReport.files(results));
        return files;
    }
}
