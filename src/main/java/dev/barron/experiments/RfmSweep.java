package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.backend.cpu.Float64Gram;

import java.util.ArrayList;
import java.util.List;

/**
 * Random features with the l2, l1 or l_p norm, beside the network trained in the path-norm ball
 * on the same sample, as a sweep experiment ("rfm"; the preset `barron rfm` sweeps the method).
 * One {@link RfmFit} per run.
 */
public final class RfmSweep extends NamedSweepExperiment {

    /** The parameters of one fit; the separation experiment shares them. */
    static final List<SweepParam> PARAMETERS = List.of(
            SweepParam.integer("n", 500, "sample size"),
            SweepParam.integer("d", 10, "input dimension"),
            SweepParam.integer("m", 500, "random features (the network: its width)"),
            SweepParam.integer("width", 0, "the network's width (0: m)"),
            SweepParam.choice("method", "l2", "l2 (ridge), l1 (FISTA), lp (FISTA, exponent p) or network (ERM in G_R)",
                    "l2", "l1", "lp", "network"),
            SweepParam.real("p", 1.5, "the exponent of method lp, in [1, 2]"),
            SweepParam.choice("features", "gaussian", "mu: w ~ N(0, I/d) or uniform on the sphere", "gaussian", "sphere"),
            SweepParam.choice("select", "oracle", "lambda: fixed, by validation, or the oracle (least excess risk) on the grid",
                    "fixed", "validation", "oracle"),
            SweepParam.real("lambda", 1e-3, "lambda of select fixed (0: the minimum-norm l2 fit)"),
            SweepParam.real("lambda_min", 1e-6, "smallest lambda of the log grid"),
            SweepParam.real("lambda_max", 1, "largest lambda of the log grid"),
            SweepParam.integer("lambda_count", 13, "values in the log grid"),
            SweepParam.real("validation_fraction", 0.2, "held-out tail of the sample under select validation"),
            SweepParam.integer("target_width", 1, "k: f* = (1/k) sum_j relu(v_j . x), v_j on the unit sphere"),
            SweepParam.real("noise", 0.1, "standard deviation of the label noise"),
            SweepParam.real("radius_factor", 1, "the network's ball: R = radius_factor ||f*||_P"),
            SweepParam.longValue("steps", 2000, "the network's step budget"),
            SweepParam.real("tol", 1e-6, "FISTA: stop at gradient mapping <= tol ||grad at 0||_inf"),
            SweepParam.integer("max_iter", 5000, "FISTA's iteration budget per fit"),
            SweepParam.longValue("seed", 1, "seed of target, sample, noise, features, initialisation (replicate 0)"));

    static final List<SweepColumn> RESULTS = List.of(
            SweepColumn.plottedNumber("excess_risk"),
            SweepColumn.number("train_risk"),
            SweepColumn.number("lambda"),
            SweepColumn.number("norm"),
            SweepColumn.number("path_norm"),
            SweepColumn.number("active"),
            SweepColumn.category("solver", RfmResult.SOLVERS),
            SweepColumn.number("iterations"),
            SweepColumn.number("wall_seconds"));

    public RfmSweep() {
        super("rfm",
                "random features with the l2, l1 or l_p norm (only a trained) beside the network in the path-norm ball",
                PARAMETERS, RESULTS);
    }

    /** The one place where a sweep's values become an RfmConfig (whose constructor checks them). */
    public static RfmConfig config(SweepPoint p) {
        RfmMethod method = RfmMethod.parse(p.text("method"));
        int width = p.integer("width");
        if (width < 0) {
            throw dev.barron.model.Check.bad("width", width, "must be >= 1, or 0 for m");
        }
        int m = method == RfmMethod.NETWORK && width > 0 ? width : p.integer("m");
        return new RfmConfig(p.integer("d"), p.integer("n"), m, FeatureDistribution.parse(p.text("features")),
                method, p.real("p"), p.real("lambda"), LambdaSelection.parse(p.text("select")),
                p.real("lambda_min"), p.real("lambda_max"), p.integer("lambda_count"), p.real("validation_fraction"),
                p.integer("target_width"), p.real("noise"), p.real("radius_factor"), p.longValue("steps"), p.real("tol"),
                p.integer("max_iter"), p.longValue("seed"));
    }

    @Override
    public void check(SweepPoint point) {
        config(point);
    }

    @Override
    public ProblemSize size(SweepPoint p) {
        return new ProblemSize(p.integer("m"), p.integer("target_width"), p.integer("d"), p.integer("n"));
    }

    @Override
    public List<SweepOutcome> run(Backend backend, List<SweepTask> batch, int threads) {
        return runAll(backend, batch);
    }

    /** One fit per task, with the task's seed. */
    static List<SweepOutcome> runAll(Backend backend, List<SweepTask> batch) {
        List<SweepOutcome> out = new ArrayList<>();
        for (SweepTask t : batch) {
            RfmResult r = RfmFit.run(backend, config(t.point().with("seed", t.seed())), Float64Gram.BLAS);
            out.add(SweepOutcome.of(r.excessRisk(), r.trainRisk(), r.lambda(), r.norm(), r.pathNorm(), r.active(),
                    r.solver(), r.iterations(), r.wallSeconds()));
        }
        return out;
    }
}
