package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.model.Activation;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.DivergenceGuard;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;
import dev.barron.train.LearningRate;
import dev.barron.train.MetricsRow;
import dev.barron.train.Rng;
import dev.barron.train.StopReason;
import dev.barron.train.StopRules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spurious-minima survey (Safran-Shamir protocol, {@link SurveyConfig}) as a sweep
 * experiment: k and the width rule m vary (a grid), everything else is one value per sweep, and
 * the seeds are the runs per (k, m). `barron survey` is this experiment with the grid built from
 * its flags ({@link Survey#spec}); its files are the survey's: runs.csv (k, m, seed, steps,
 * final_loss, grad_norm, status, restarts, session), points.csv (the final W of every spurious
 * run, appended with it), survey.json, and the survey's own summary ({@link SurveySummary}).
 */
public final class SurveySweep extends NamedSweepExperiment {

    private static final List<SweepParam> PARAMETERS = List.of(
            SweepParam.integer("k", 6, "teacher size"),
            SweepParam.text("m", "k", "student width: a number or a rule in k (k, k+1, 2k, 2k-1)"),
            SweepParam.choice("teacher", TeacherKind.IDENTITY, "identity (V = I_k) or orthogonal rows in d dimensions",
                    TeacherKind.IDENTITY, TeacherKind.ORTHOGONAL).fixed(),
            SweepParam.integer("d", 0, "input dimension (0: d = k)").fixed(),
            SweepParam.choice("init", InitKind.XAVIER, "W0: xavier (randn/sqrt(d)) or gaussian (init_scale)", InitKind.XAVIER,
                    InitKind.GAUSSIAN).fixed(),
            SweepParam.real("init_scale", 1, "for init gaussian").fixed(),
            SweepParam.real("lr", 0.1, "step size").fixed(),
            SweepParam.real("grad_tol", 1 / (2 * Math.PI) * 1e-9, "stop when max_i |grad_w_i L| <= this").fixed(),
            SweepParam.real("threshold", 1e-3, "a stopped run with loss >= this is spurious").fixed(),
            SweepParam.longValue("steps", 1_000_000, "step budget per run").fixed(),
            SweepParam.longValue("seed", 1, "survey seed: run r of (k, m) gets Rng.stream(seed, k, m, r)").fixed());

    private static final List<SweepColumn> RESULTS = List.of(
            SweepColumn.number("steps"),
            SweepColumn.number("final_loss"),
            SweepColumn.number("grad_norm"),
            SweepColumn.category("status", SurveyRun.Status.labels()),
            SweepColumn.number("restarts"));

    public SurveySweep() {
        super("survey",
                "how often GD stops at a spurious point (Safran-Shamir), as barron survey",
                PARAMETERS, RESULTS);
    }

    /** The width rule resolved at the point's k: runs.csv's m is the width. */
    @Override
    public SweepPoint resolve(SweepPoint p) {
        Object m = p.get("m");
        return m instanceof Integer ? p : p.with("m", SurveyConfig.width((String) m, p.integer("k")));
    }

    @Override
    public void check(SweepPoint p) {
        config(p);
    }

    @Override
    public long seed(SweepPoint p, int replicate) {
        return Rng.stream(p.longValue("seed"), p.integer("k"), p.integer("m"), replicate).nextLong();
    }

    @Override
    public String shape(SweepPoint p) {
        return p.integer("k") + "," + p.integer("m");
    }

    @Override
    public ProblemSize size(SweepPoint p) {
        SurveyConfig c = config(p);
        return new ProblemSize(p.integer("m"), p.integer("k"), c.dimension(p.integer("k")), 0);
    }

    /** The survey configuration of one resolved point (one k, one width): the one place a point becomes a SurveyConfig. */
    static SurveyConfig config(SweepPoint p) {
        return new SurveyConfig(List.of(p.integer("k")), List.of(String.valueOf(p.get("m"))), 1, p.choice("teacher", TeacherKind.class),
                p.integer("d"), p.choice("init", InitKind.class), p.real("init_scale"), p.real("lr"), p.real("grad_tol"), p.real("threshold"),
                p.longValue("steps"), p.longValue("seed"), "auto", null, null);
    }

    /** The survey configuration of a whole sweep (ks and width rules from the grid, or the fixed values). */
    static SurveyConfig config(SweepSpec s) {
        Map<String, Object> p = s.parameters();
        List<Integer> ks = s.grid().containsKey("k") ? s.grid().get("k").stream().map(Integer.class::cast).toList()
                : List.of((Integer) p.get("k"));
        List<String> ms = s.grid().containsKey("m") ? s.grid().get("m").stream().map(String::valueOf).toList()
                : List.of(String.valueOf(p.get("m")));
        return new SurveyConfig(ks, ms, s.seeds(), TeacherKind.parse((String) p.get("teacher")), (Integer) p.get("d"),
                InitKind.parse((String) p.get("init")),
                (Double) p.get("init_scale"), (Double) p.get("lr"), (Double) p.get("grad_tol"), (Double) p.get("threshold"),
                (Long) p.get("steps"), (Long) p.get("seed"), s.backend(), s.device(), s.precision());
    }

    @Override
    public List<SweepOutcome> run(Backend backend, List<SweepTask> batch, int threads) {
        List<EnsembleRun> runs = new ArrayList<>(batch.size());
        for (SweepTask t : batch) {
            runs.add(ensembleRun(config(t.point()), t));
        }
        List<EnsembleResult> results = threads == 1 ? Ensembles.sequential(backend, runs) : backend.trainEnsemble(runs);
        List<SweepOutcome> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(outcome(config(batch.get(i).point()), batch.get(i), results.get(i)));
        }
        return out;
    }

    /**
     * On a backend whose ensembles share its cores: the last, longest runs of a batch leave
     * most SIMD lanes and cores idle, and the next batch fills them.
     */
    @Override
    public int concurrentBatches(Backend backend, int threads) {
        return threads == 1 ? 1 : backend.concurrentEnsembles();
    }

    /** Run t of the survey: a = 1 frozen, plain scaling, relu, the survey's step and stop rules. */
    static EnsembleRun ensembleRun(SurveyConfig cfg, SweepTask t) {
        int k = t.point().integer("k");
        int m = t.point().integer("m");
        Network start = Setups.student(cfg.init(), cfg.initScale(), m, cfg.dimension(k), t.seed(), null, null, OuterInit.ONES,
                Scaling.PLAIN, Activation.RELU);
        return new EnsembleRun(start, teacher(cfg, k, t.seed()), LearningRate.constant(cfg.lr()), false,
                new StopRules(cfg.steps(), 0, cfg.gradTol()), DivergenceGuard.standard());
    }

    static Teacher teacher(SurveyConfig cfg, int k, long seed) {
        int d = cfg.dimension(k);
        return Setups.teacher(cfg.teacher(), k, d, seed, null, null);
    }

    /** The run's row, and for a spurious run its point's rows in points.csv. */
    static SweepOutcome outcome(SurveyConfig cfg, SweepTask t, EnsembleResult r) {
        SurveyRun.Status status = switch (r.reason()) {
            case GRADIENT -> r.last().loss() >= cfg.threshold() ? SurveyRun.Status.SPURIOUS : SurveyRun.Status.CONVERGED;
            case DIVERGED -> SurveyRun.Status.DIVERGED;
            default -> SurveyRun.Status.BUDGET;
        };
        SurveyRun run = new SurveyRun(t.point().integer("k"), t.point().integer("m"), t.seed(), r.steps(),
                MetricsRow.reportedLoss(r.last().loss()), r.last().maxNeuronGradNorm(), status, r.restarts());
        Map<String, String> side = r.reason() == StopReason.GRADIENT && status == SurveyRun.Status.SPURIOUS
                ? Map.of(Survey.POINTS, SurveySummary.pointLines(run, r.network())) : Map.of();
        return new SweepOutcome(List.of(run.steps(), run.finalLoss(), run.gradNorm(), status.label(), run.restarts()), side);
    }

    @Override
    public Map<String, String> sideFiles() {
        return Map.of(Survey.POINTS, SurveySummary.POINTS_HEADER);
    }

    /** survey.json: the survey's configuration (as barron survey takes it) and the provenance of every session so far. */
    @Override
    public Map<String, byte[]> configFiles(SweepSpec spec, List<SweepSession> sessions) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = Sweep.JSON.convertValue(config(spec), LinkedHashMap.class);
        json.put("provenance", sessions.stream().map(SweepSession::fields).toList());
        return Map.of(Survey.CONFIG, SweepSummary.json(json));
    }

    @Override
    public Map<String, byte[]> summary(SweepResults results) {
        SurveyConfig cfg = config(results.spec());
        List<SurveyRun> runs = results.runs().stream().map(SurveyRun::of).toList();
        Map<String, List<SweepRecord>> byConfiguration = new LinkedHashMap<>();
        for (SweepRecord r : results.runs()) {
            byConfiguration.computeIfAbsent(r.task().point().integer("k") + "," + r.task().point().integer("m"),
                    x -> new ArrayList<>()).add(r);
        }
        Map<String, List<SweepSession>> provenance = new LinkedHashMap<>();
        byConfiguration.forEach((km, list) -> provenance.put(km, results.sessionsOf(list)));
        List<SurveySummary.Row> rows = SurveySummary.compute(cfg, runs,
                SurveySummary.readPoints(results.sideFiles().getOrDefault(Survey.POINTS, "")));
        return SurveySummary.files(cfg, rows, provenance, results.sessionsOf(results.runs()));
    }
}
