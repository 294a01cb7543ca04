package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The separation experiment (docs/MATH.md section 12.6), a sweep experiment ("separation";
 * preset `barron separation`): the fits of {@link RfmSweep} (l2 and l1 random features, the
 * network in G_R, on the same sample) over n and d for a k-neuron target (k = 1: the single
 * neuron relu(v . x)). The summary adds, per method and d, the sample size at which the mean
 * excess risk first reaches risk_target (separation.*).
 */
public final class SeparationSweep extends NamedSweepExperiment {

    private static final List<SweepParam> PARAMETERS;

    static {
        List<SweepParam> all = new ArrayList<>(RfmSweep.PARAMETERS);
        all.add(SweepParam.real("risk_target", 0.01, "the excess risk whose sample size the summary reports").fixed());
        PARAMETERS = List.copyOf(all);
    }

    public SeparationSweep() {
        super("separation",
                "excess risk against n and d of l2 / l1 random features and the network in G_R, and the n each needs",
                PARAMETERS, RfmSweep.RESULTS);
    }

    @Override
    public void check(SweepPoint point) {
        RfmSweep.config(point);
        Check.positive("risk_target", point.real("risk_target"));
    }

    @Override
    public ProblemSize size(SweepPoint p) {
        return new ProblemSize(p.integer("m"), p.integer("target_width"), p.integer("d"), p.integer("n"));
    }

    @Override
    public List<SweepOutcome> run(Backend backend, List<SweepTask> batch, int threads) {
        return RfmSweep.runAll(backend, batch);
    }

    @Override
    public Map<String, byte[]> summary(SweepResults results) {
        Map<String, byte[]> files = new LinkedHashMap<>(SweepSummary.files(this, results));
        files.putAll(SeparationReport.files(results));
        return files;
    }
}
