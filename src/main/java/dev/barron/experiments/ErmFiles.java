package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.experiments.ErmResult.CurvePoint;
import dev.barron.io.PendingFiles;
import dev.barron.math.PathNorms;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result files of one ERM fit: erm.json (config, result, provenance), curve.csv, curve.svg,
 * the fitted network W.npy, a.npy and the target V.npy, b.npy.
 */
public final class ErmFiles {

    public static final String CURVE_HEADER = "step,train_risk,excess_risk,path_norm";

    private ErmFiles() {
    }

    /** The config as a snake_case map (a given sample and teacher appear by their shapes). */
    public static Map<String, Object> config(ErmConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("d", c.d());
        m.put("m", c.m());
        m.put("n", c.n());
        m.put("inputs", c.inputs().label());
        if (c.target() instanceof ErmTarget.Random r) {
            m.put("target", "random");
            m.put("target_width", r.k());
        } else {
            m.put("target", "files");
            m.put("target_width", ((ErmTarget.Given) c.target()).teacher().size());
        }
        m.put("target_path_norm", c.target().pathNorm());
        m.put("noise", c.noise());
        m.put("radius", c.constrained() ? (Object) c.radius() : "inf");
        m.put("method", c.method().label());
        m.put("scaling", c.scaling().label());
        m.put("batch", c.batch());
        m.put("lr", c.learningRate());
        m.put("steps", c.maxSteps());
        m.put("rel_tol", c.relTol());
        m.put("init_scale", c.initScale());
        m.put("seed", c.seed());
        m.put("eval_points", c.evalPoints());
        m.put("log_per_decade", c.logPerDecade());
        m.put("data", c.data() == null ? "drawn" : "given");
        return m;
    }

    /** The result's scalars, snake_case. */
    public static Map<String, Object> summary(ErmResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_risk", r.trainRisk());
        m.put("excess_risk", r.excessRisk());
        m.put("excess_risk_std_err", r.excessRiskStdErr());
        m.put("excess_risk_exact", r.excessRiskExact());
        m.put("path_norm", r.pathNorm());
        m.put("target_path_norm", r.targetPathNorm());
        m.put("constraint_active", r.constraintActive());
        m.put("steps", r.steps());
        m.put("stop", r.stop().label());
        m.put("final_lr", r.finalLearningRate());
        m.put("wall_seconds", r.wallSeconds());
        return m;
    }

    /** Every file of a fit, in memory; written as one set by the caller. */
    public static PendingFiles of(ErmConfig c, ErmResult r, Backend backend) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", "erm");
        doc.put("config", config(c));
        doc.put("result", summary(r));
        doc.put("backend", backend.name());
        doc.put("device", backend.device());
        doc.put("precision", backend.precision().label());
        doc.put("provenance", Provenance.of(backend).toMap());
        PendingFiles files = new PendingFiles()
                .addJson("erm.json", doc)
                .add("curve.csv", out -> out.write(curveCsv(r).getBytes(StandardCharsets.UTF_8)));
        Plots.render("curve", curveChart(c, r), caption(c)).forEach((name, bytes) -> files.add(name, out -> out.write(bytes)));
        return files
                .addNpy("W.npy", r.network().w(), backend.precision())
                .addNpy("a.npy", r.network().a(), backend.precision())
                .addNpy("target_V.npy", r.target().v(), backend.precision())
                .addNpy("target_b.npy", r.target().b(), backend.precision());
    }

    /** One row per logged step; excess_risk is empty where only the final Monte-Carlo estimate exists. */
    static String curveCsv(ErmResult r) {
        StringBuilder b = new StringBuilder(CURVE_HEADER).append('\n');
        for (CurvePoint p : r.curve()) {
            b.append(p.step()).append(',').append(p.trainRisk()).append(',')
                    .append(Double.isNaN(p.excessRisk()) ? "" : Double.toString(p.excessRisk())).append(',')
                    .append(p.pathNorm()).append('\n');
        }
        return b.toString();
    }

    /** Train and excess risk against the step, log-log (step 0 drawn at step 1's place is left out). */
    static JFreeChart curveChart(ErmConfig c, ErmResult r) {
        XYSeries train = new XYSeries("train risk", false);
        XYSeries excess = new XYSeries("excess risk ||f - f*||^2", false);
        for (CurvePoint p : r.curve()) {
            if (p.step() > 0 && p.trainRisk() > 0) {
                train.add(p.step(), p.trainRisk());
            }
            if (p.step() > 0 && p.excessRisk() > 0) {
                excess.add(p.step(), p.excessRisk());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(train);
        if (!excess.isEmpty()) {
            data.addSeries(excess);
        }
        if (train.isEmpty()) {
            train.add(1, Math.max(r.trainRisk(), 1e-300));
        }
        return Plots.chart(String.format("ERM: train %.4g, excess %.4g, path norm %.4g of R = %s",
                r.trainRisk(), r.excessRisk(), PathNorms.l1(r.network()),
                c.constrained() ? String.format("%.4g", c.radius()) : "inf"), "step", "risk", data, true);
    }

    static String caption(ErmConfig c) {
        return String.format("d=%d m=%d n=%d, %s inputs, noise %.3g, %s scaling, %s, seed %d", c.d(),
                c.m(), c.n(), c.inputs().label(), c.noise(), c.scaling().label(),
                c.fullBatch() ? "full batch" : "batch " + c.batch(), c.seed());
    }
}
