package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.backend.cpu.Float64Gram;
import dev.barron.math.RidgeRegression;
import dev.barron.model.Matrix;
import dev.barron.model.Teacher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Double descent of random features (docs/MATH.md section 12.5), a sweep experiment
 * ("double-descent"; preset `barron double-descent`): at each width m, on one sample, the
 * minimum-norm fit Z^+ y and the ridge fit with the lambda of least excess risk on the grid
 * (optimal regularisation), both from one SVD of the Gram, so that the interpolation threshold
 * m = n is solved stably. The summary finds the peak of each curve (double_descent.*).
 */
public final class DoubleDescentSweep extends NamedSweepExperiment {

    private static final List<SweepParam> PARAMETERS = List.of(
            SweepParam.integer("n", 200, "sample size"),
            SweepParam.integer("m", 200, "random features"),
            SweepParam.integer("d", 10, "input dimension"),
            SweepParam.choice("features", "gaussian", "mu: w ~ N(0, I/d) or uniform on the sphere", "gaussian", "sphere"),
            SweepParam.integer("target_width", 1, "k: f* = (1/k) sum_j relu(v_j . x), v_j on the unit sphere"),
            SweepParam.real("noise", 0.3, "standard deviation of the label noise"),
            SweepParam.real("lambda_min", 1e-8, "smallest lambda of the log grid of the optimal ridge"),
            SweepParam.real("lambda_max", 1, "largest lambda of the grid"),
            SweepParam.integer("lambda_count", 17, "values in the grid"),
            SweepParam.longValue("seed", 1, "seed of target, sample, noise and features (replicate 0)"));

    private static final List<SweepColumn> RESULTS = List.of(
            SweepColumn.number("ratio"),
            SweepColumn.plottedNumber("min_norm_excess"),
            SweepColumn.number("min_norm_test_risk"),
            SweepColumn.number("min_norm_train_risk"),
            SweepColumn.number("min_norm_norm"),
            SweepColumn.plottedNumber("ridge_excess"),
            SweepColumn.number("ridge_lambda"),
            SweepColumn.number("rank"),
            SweepColumn.number("wall_seconds"));

    public DoubleDescentSweep() {
        super("double-descent",
                "test risk of the minimum-norm random-features fit against m/n, and of the optimally regularised ridge",
                PARAMETERS, RESULTS);
    }

    /** The fit's config: l2, the oracle over the grid (RfmConfig checks every value). */
    static RfmConfig config(SweepPoint p) {
        return new RfmConfig(p.integer("d"), p.integer("n"), p.integer("m"), FeatureDistribution.parse(p.text("features")),
                RfmMethod.L2, 2, 0, LambdaSelection.ORACLE, p.real("lambda_min"), p.real("lambda_max"),
                p.integer("lambda_count"), 0.2, p.integer("target_width"), p.real("noise"), 1, 0, 1e-6, 1,
                p.longValue("seed"));
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
        List<SweepOutcome> out = new ArrayList<>();
        for (SweepTask t : batch) {
            out.add(one(backend, config(t.point().with("seed", t.seed()))));
        }
        return out;
    }

    static SweepOutcome one(Backend backend, RfmConfig c) {
        long t0 = System.nanoTime();
        Teacher target = RandomFeatures.target(c.targetWidth(), c.d(), c.seed());
        ErmData data = ErmFit.sample(backend, RandomFeatures.ermConfig(c, target), target);
        Matrix w = RandomFeatures.firstLayer(c.features(), c.m(), c.d(), c.seed());
        double[] z = RandomFeatures.design(backend, data.x(), w, 2);
        RidgeRegression ridge = RidgeRegression.prepare(z, c.n(), c.m(), data.y(), Float64Gram.BLAS);
        RidgeRegression.Fit minNorm = ridge.spectralFit(0);
        double minExcess = ExcessRisk.gaussian(backend, RandomFeatures.network(w, minNorm.coef(), 2), target);
        double bestExcess = Double.POSITIVE_INFINITY;
        double bestLambda = Double.NaN;
        for (double lambda : c.lambdaGrid()) {
            double e = ExcessRisk.gaussian(backend, RandomFeatures.network(w, ridge.spectralFit(lambda).coef(), 2), target);
            if (e < bestExcess) {
                bestExcess = e;
                bestLambda = lambda;
            }
        }
        return SweepOutcome.of((double) c.m() / c.n(), minExcess, minExcess + c.noise() * c.noise(),
                RandomFeatures.risk(z, c.n(), c.m(), data.y(), minNorm.coef()), RfmFit.lpNorm(minNorm.coef(), 2),
                bestExcess, bestLambda, minNorm.rank(), (System.nanoTime() - t0) * 1e-9);
    }

    @Override
    public Map<String, byte[]> summary(SweepResults results) {
        Map<String, byte[]> files = new LinkedHashMap<>(SweepSummary.files(this, results));
        files.putAll(DoubleDescentReport.files(results));
        return files;
    }
}
