package dev.barron.experiments;

import dev.barron.io.AtomicFiles;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.math.PopulationHessian;
import dev.barron.math.StableAngle;
import dev.barron.math.SymmetricEigen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The per-configuration summary of a survey, computed from runs.csv and points.csv only, with
 * the runs sorted by (k, m, seed): a survey run on one machine and the merge of its shards
 * produce identical files.
 *
 * <p>fraction = spurious / (converged + spurious): the share of runs that stopped at a
 * stationary point and stopped at a spurious one (runs out of budget or diverged are counted
 * apart). Its 95% Wilson interval follows. Distinct spurious points are identified up to
 * permutation of students and of teachers by an invariant signature: the loss to 6 significant
 * digits, the sorted student norms to 4, and the sorted entries of W V^T to 4 decimals. For each
 * distinct point: how many runs reached it, its loss, and the smallest eigenvalue of the
 * closed-form Hessian in W ({@link PopulationHessian}) at its representative (smallest seed),
 * and how it was certified: the solver's name (lapack-dsyevr, or jacobi where the native
 * library is missing), or "uncertified: why" with an empty eigenvalue when no spectrum could be
 * computed (a non-finite Hessian). A point that cannot be certified never stops the summary.
 */
public final class SurveySummary {

    /** One distinct spurious point. */
    public record Point(String signature, double loss, int count, long seed, double minHessianEigenvalue,
                        String hessianStatus) {
    }

    /** One configuration's numbers. */
    public record Row(int k, int m, int runs, int converged, int spurious, int budget, int diverged, double fraction,
                      double low, double high, List<Point> points) {
    }

    public static final String CSV = "summary.csv";
    public static final String MARKDOWN = "summary.md";
    /** The distinct spurious points, one a row: summary.csv keeps one value a cell. */
    public static final String POINTS_CSV = "spurious_points.csv";
    public static final String JSON = "summary.json";

    private SurveySummary() {
    }

    /**
     * The rows of every configuration, in the configuration order, computed at once (a
     * 1000-run table's signatures and Hessians took 3 s on one core while the other waited).
     */
    public static List<Row> compute(SurveyConfig cfg, List<SurveyRun> runs, Map<String, double[]> points) {
        List<SurveyRun> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingInt(SurveyRun::k).thenComparingInt(SurveyRun::m).thenComparingLong(SurveyRun::seed));
        List<int[]> configurations = cfg.configurations();
        return inParallel(configurations.size(), c -> row(cfg, configurations.get(c)[0], configurations.get(c)[1], sorted, points));
    }

    /**
     * f(0), ..., f(n - 1), computed at once on the common pool, in index order. A failure is
     * thrown as it was raised (the pool would wrap it), that of the lowest index when several fail.
     */
    private static <T> List<T> inParallel(int n, IntFunction<T> f) {
        List<T> out = new ArrayList<>(Collections.nCopies(n, null));
        RuntimeException[] failures = new RuntimeException[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                out.set(i, f.apply(i));
            } catch (RuntimeException e) {
                failures[i] = e;
            }
        });
        for (RuntimeException e : failures) {
            if (e != null) {
                throw e;
            }
        }
        return out;
    }

    /** One configuration's row, from the runs sorted by (k, m, seed). */
    private static Row row(SurveyConfig cfg, int k, int m, List<SurveyRun> sorted, Map<String, double[]> points) {
        int n = 0;
        int conv = 0;
        int spur = 0;
        int budget = 0;
        int div = 0;
        Map<String, List<SurveyRun>> groups = new TreeMap<>();
        for (SurveyRun r : sorted) {
            if (r.k() != k || r.m() != m) {
                continue;
            }
            n++;
            switch (r.status()) {
                case CONVERGED -> conv++;
                case SPURIOUS -> {
                    spur++;
                    double[] w = points.get(r.key());
                    if (w == null) {
                        throw Check.bad("points.csv", r.key(), "a spurious run has no stored point; the directory is incomplete");
                    }
                    groups.computeIfAbsent(signature(cfg, r, w), s -> new ArrayList<>()).add(r);
                }
                case BUDGET -> budget++;
                case DIVERGED -> div++;
            }
        }
        List<Point> distinct = new ArrayList<>();
        for (Map.Entry<String, List<SurveyRun>> g : groups.entrySet()) {
            SurveyRun rep = g.getValue().get(0);
            Network net = network(cfg, rep, points.get(rep.key()));
            double eig = Double.NaN;
            String status;
            try {
                SymmetricEigen.Spectrum sp = PopulationHessian.smallestEigenvalue(net, SurveySweep.teacher(cfg, k, rep.seed()));
                eig = sp.smallest();
                status = sp.solver();
            } catch (IllegalArgumentException | IllegalStateException e) {
                status = "uncertified: " + e.getMessage();
            }
            distinct.add(new Point(g.getKey(), rep.finalLoss(), g.getValue().size(), rep.seed(), eig, status));
        }
        distinct.sort(Comparator.comparingDouble(Point::loss).thenComparing(Point::signature));
        double[] ci = Wilson.interval(spur, conv + spur, Wilson.Z95);
        double frac = conv + spur == 0 ? Double.NaN : spur / (double) (conv + spur);
        return new Row(k, m, n, conv, spur, budget, div, frac, ci[0], ci[1], distinct);
    }

    /** The summary files of rows (without the provenance of a sweep directory: the tables alone). */
    public static void write(Path dir, SurveyConfig cfg, List<SurveyRun> runs, Map<String, double[]> points) throws IOException {
        for (var f : files(cfg, compute(cfg, runs, points), Map.of(), List.of()).entrySet()) {
            AtomicFiles.write(dir.resolve(f.getKey()), out -> out.write(f.getValue()));
        }
    }

    /**
     * summary.csv, spurious_points.csv, summary.md, summary.json and the plot of the spurious
     * fractions. provenance: per configuration "k,m", the sessions that computed its runs (one per
     * distinct stable provenance); all: those of every run. Stable fields only, so that a
     * resumed or merged survey writes the same bytes as an uninterrupted one.
     */
    static Map<String, byte[]> files(SurveyConfig cfg, List<Row> rows, Map<String, List<SweepSession>> provenance,
                                     List<SweepSession> all) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(CSV, utf8(csv(rows, provenance)));
        out.put(POINTS_CSV, utf8(pointsCsv(rows)));
        out.put(MARKDOWN, utf8(markdown(cfg, rows) + SweepSummary.provenanceMarkdown(all)));
        out.put(JSON, json(cfg, rows, provenance, all));
        out.putAll(SweepPlots.fractions("spurious_fraction", "spurious fraction by k (95% Wilson intervals)", "k",
                "spurious fraction", series(cfg, rows), caption(cfg)));
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One series per width rule: (k, fraction, low, high). */
    private static Map<String, List<double[]>> series(SurveyConfig cfg, List<Row> rows) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (String rule : cfg.ms()) {
            List<double[]> pts = new ArrayList<>();
            for (Row r : rows) {
                if (SurveyConfig.width(rule, r.k()) == r.m() && !Double.isNaN(r.fraction())) {
                    pts.add(new double[]{r.k(), r.fraction(), r.low(), r.high()});
                }
            }
            out.put("m = " + rule, pts);
        }
        return out;
    }

    private static String caption(SurveyConfig cfg) {
        return String.format(Locale.ROOT, "teacher %s, init %s, lr %s, grad tol %s, threshold %s, %d runs per (k, m), seed %d",
                cfg.teacher(), cfg.init(), fmt(cfg.lr()), fmt(cfg.gradTol()), fmt(cfg.threshold()), cfg.runs(), cfg.seed());
    }

    /** summary.json: the configuration, the rows with their points, the provenance. */
    private static byte[] json(SurveyConfig cfg, List<Row> rows, Map<String, List<SweepSession>> provenance,
                               List<SweepSession> all) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", "survey");
        doc.put("config", Sweep.JSON.convertValue(cfg, LinkedHashMap.class));
        doc.put("fraction", "spurious / (converged + spurious)");
        doc.put("interval", "Wilson score, 95%, two-sided");
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", r.k());
            m.put("m", r.m());
            m.put("runs", r.runs());
            m.put("converged", r.converged());
            m.put("spurious", r.spurious());
            m.put("budget", r.budget());
            m.put("diverged", r.diverged());
            m.put("spurious_fraction", SweepSummary.number(r.fraction()));
            m.put("wilson95_low", SweepSummary.number(r.low()));
            m.put("wilson95_high", SweepSummary.number(r.high()));
            List<Map<String, Object>> pts = new ArrayList<>();
            for (Point p : r.points()) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("loss", SweepSummary.number(p.loss()));
                q.put("runs", p.count());
                q.put("seed", p.seed());
                q.put("min_hessian_eigenvalue", SweepSummary.number(p.minHessianEigenvalue()));
                q.put("hessian_status", p.hessianStatus());
                pts.add(q);
            }
            m.put("spurious_points", pts);
            m.put("provenance", SweepSummary.stable(provenance.getOrDefault(r.k() + "," + r.m(), List.of())));
            list.add(m);
        }
        doc.put("rows", list);
        doc.put("provenance", SweepSummary.stable(all));
        return SweepSummary.json(doc);
    }

    /** summary.csv: one row per (k, m), then the stable provenance of its runs (see SweepSummary). */
    static String csv(List<Row> rows, Map<String, List<SweepSession>> provenance) {
        StringBuilder sb = new StringBuilder("k,m,runs,converged,spurious,budget,diverged,spurious_fraction,wilson95_low,"
                + "wilson95_high,distinct_spurious_points," + SweepSummary.PROVENANCE_HEADER + "\n");
        for (Row r : rows) {
            sb.append(r.k()).append(',').append(r.m()).append(',').append(r.runs()).append(',').append(r.converged())
                    .append(',').append(r.spurious()).append(',').append(r.budget()).append(',').append(r.diverged())
                    .append(',').append(fmt(r.fraction())).append(',').append(fmt(r.low())).append(',').append(fmt(r.high()))
                    .append(',').append(r.points().size()).append(',')
                    .append(SweepSummary.provenanceCells(provenance.getOrDefault(r.k() + "," + r.m(), List.of()))).append('\n');
        }
        return sb.toString();
    }

    /** spurious_points.csv: per configuration, its distinct points in summary order; the header even when there is none. */
    static String pointsCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("k,m,point,runs,seed,loss,min_hessian_eigenvalue,hessian_status\n");
        for (Row r : rows) {
            for (int i = 0; i < r.points().size(); i++) {
                Point p = r.points().get(i);
                sb.append(r.k()).append(',').append(r.m()).append(',').append(i + 1).append(',').append(p.count())
                        .append(',').append(p.seed()).append(',').append(fmt(p.loss())).append(',')
                        .append(fmt(p.minHessianEigenvalue())).append(',').append(statusField(p.hessianStatus())).append('\n');
            }
        }
        return sb.toString();
    }

    static String markdown(SurveyConfig cfg, List<Row> rows) {
        StringBuilder sb = new StringBuilder("# Spurious-minima survey\n\n");
        sb.append(String.format(Locale.ROOT, "Teacher %s, d %s, init %s, lr %s, gradient tolerance %s (max_i |grad_w_i L|),"
                        + " spurious when the stopped loss >= %s, budget %d steps, seed %d.%n%n", cfg.teacher().label(),
                cfg.d() == 0 ? "= k" : String.valueOf(cfg.d()), cfg.init().label(), fmt(cfg.lr()), fmt(cfg.gradTol()),
                fmt(cfg.threshold()), cfg.steps(), cfg.seed()));
        sb.append("fraction = spurious / (converged + spurious); 95% Wilson interval.\n\n");
        sb.append("| k | m | runs | converged | spurious | budget | diverged | fraction | 95% interval | distinct points |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %d | %s | [%s, %s] | %d |%n", r.k(), r.m(),
                    r.runs(), r.converged(), r.spurious(), r.budget(), r.diverged(), pct(r.fraction()), pct(r.low()),
                    pct(r.high()), r.points().size()));
        }
        for (Row r : rows) {
            if (r.points().isEmpty()) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%n## k = %d, m = %d: distinct spurious points%n%n", r.k(), r.m()));
            sb.append("| loss | runs | min Hessian eigenvalue | eigensolver | representative seed |\n|---|---|---|---|---|\n");
            for (Point p : r.points()) {
                sb.append(String.format(Locale.ROOT, "| %.6e | %d | %.6e | %s | %d |%n", p.loss(), p.count(),
                        p.minHessianEigenvalue(), p.hessianStatus(), p.seed()));
            }
        }
        return sb.toString();
    }

    /** Invariant under permuting students and teachers; see the class comment. */
    static String signature(SurveyConfig cfg, SurveyRun r, double[] w) {
        Network net = network(cfg, r, w);
        Teacher t = SurveySweep.teacher(cfg, r.k(), r.seed());
        int d = net.inputDim();
        double[] norms = new double[r.m()];
        long[] gram = new long[r.m() * r.k()];
        for (int i = 0; i < r.m(); i++) {
            norms[i] = StableAngle.norm(w, i * d, d);
            for (int j = 0; j < r.k(); j++) {
                double dot = 0;
                for (int q = 0; q < d; q++) {
                    dot += w[i * d + q] * t.v().data()[j * d + q];
                }
                gram[i * r.k() + j] = Math.round(dot * 1e4);
            }
        }
        Arrays.sort(norms);
        Arrays.sort(gram);
        // Locale.US writes what Locale.ROOT writes here ('.' and plain digits), and the JDK's
        // Formatter takes it without building the locale's symbols anew on every call.
        StringBuilder sb = new StringBuilder(String.format(Locale.US, "%.6g|", r.finalLoss()));
        for (double n : norms) {
            sb.append(String.format(Locale.US, "%.4g ", n));
        }
        sb.append('|');
        for (long g : gram) {
            appendTenThousandths(sb, g).append(' ');
        }
        return sb.toString();
    }

    /**
     * r / 10^4 as String.format("%.4f", r / 1e4 + 0.0) writes it, without the Formatter, which
     * took most of a survey's summary (hundreds of entries per spurious run): below 10^15 the
     * double nearest r / 10^4 prints as r's own digits, so they are written straight from r.
     */
    static StringBuilder appendTenThousandths(StringBuilder sb, long r) {
        if (r >= 1_000_000_000_000_000L || r <= -1_000_000_000_000_000L) {
            return sb.append(String.format(Locale.ROOT, "%.4f", r / 1e4 + 0.0));
        }
        long whole = Math.abs(r) / 10_000;
        long part = Math.abs(r) % 10_000;
        if (r < 0) {
            sb.append('-');
        }
        sb.append(whole).append('.');
        for (long unit = 1000; unit > part && unit > 1; unit /= 10) {
            sb.append('0');
        }
        return sb.append(part);
    }

    static Network network(SurveyConfig cfg, SurveyRun r, double[] w) {
        int d = cfg.dimension(r.k());
        return new Network(new Matrix(r.m(), d, w), Setups.ones(r.m()), Scaling.PLAIN, Activation.RELU);
    }

    /** points.csv's header: one row per entry of a spurious run's W (tidy long format). */
    public static final String POINTS_HEADER = "k,m,d,seed,neuron,coordinate,w";

    /**
     * points.csv rows of one spurious run: k, m, d, seed, neuron i, coordinate t, W[i][t] (exact
     * doubles), every entry of W in row-major order, each row ending in a newline.
     */
    static String pointLines(SurveyRun r, Network net) {
        int d = net.inputDim();
        String run = r.k() + "," + r.m() + "," + d + "," + r.seed() + ",";
        StringBuilder sb = new StringBuilder();
        double[] w = net.w().data();
        for (int i = 0; i < r.m(); i++) {
            for (int t = 0; t < d; t++) {
                sb.append(run).append(i).append(',').append(t).append(',').append(w[i * d + t]).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The points by run key (k, m, seed). A run's rows are written in one append, so they stand
     * together; a run cut short by a kill (fewer than m d rows, or a torn last line) is skipped,
     * and a run written again after a resume keeps its later, complete rows.
     */
    public static Map<String, double[]> readPoints(Path file) throws IOException {
        return readPoints(Files.exists(file) ? Files.readString(file) : "");
    }

    /**
     * The points of points.csv's contents (see {@link #readPoints(Path)}). A survey's file holds
     * every entry of every spurious run (two million lines for the 1000-run table), so its lines
     * are scanned in place rather than split into strings, in parts read at once: each part
     * starts on a run's first line (neuron 0, coordinate 0), where a reading in one piece would
     * start a new run too, and the parts' points are put in file order, a later run over an
     * earlier one of the same key, as one reading puts them.
     */
    static Map<String, double[]> readPoints(String text) {
        return readPoints(text, text.length() < PART_CHARS ? 1 : Runtime.getRuntime().availableProcessors());
    }

    /** {@link #readPoints(String)} in the given number of parts (at least one). */
    static Map<String, double[]> readPoints(String text, int parts) {
        int[] starts = new int[parts + 1];
        starts[parts] = text.length();
        for (int p = 1; p < parts; p++) {
            starts[p] = Math.max(starts[p - 1], runStartFrom(text, (int) ((long) text.length() * p / parts)));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        inParallel(parts, p -> readPoints(text, starts[p], starts[p + 1])).forEach(out::putAll);
        return out;
    }

    /** Below this many characters points.csv is read in one piece. */
    private static final int PART_CHARS = 1 << 20;

    /** The start of the first line at or after from that is a run's first (neuron 0, coordinate 0); else the end. */
    private static int runStartFrom(String text, int from) {
        int at = text.indexOf('\n', from - 1) + 1;   // from > 0
        while (at > 0 && at < text.length()) {
            int end = text.indexOf('\n', at);
            end = end < 0 ? text.length() : end;
            int comma4 = nthComma(text, at, end, 4);
            if (comma4 >= 0 && text.startsWith(",0,0,", comma4)) {
                return at;
            }
            at = end + 1;
        }
        return text.length();
    }

    /** The index of the n-th comma (from 1) of the line [at, end), or -1. */
    private static int nthComma(String text, int at, int end, int n) {
        int c = at - 1;
        for (int i = 0; i < n; i++) {
            c = text.indexOf(',', c + 1);
            if (c < 0 || c >= end) {
                return -1;
            }
        }
        return c;
    }

    /** The complete runs of the lines in [from, to), which starts a line. */
    private static Map<String, double[]> readPoints(String text, int from, int to) {
        Map<String, double[]> out = new LinkedHashMap<>();
        PointRows current = null;
        int[] comma = new int[6];
        for (int at = from, end = text.indexOf('\n', at); end >= 0 && end < to; at = end + 1, end = text.indexOf('\n', at)) {
            if (end == at || (end - at == POINTS_HEADER.length() && text.startsWith(POINTS_HEADER, at))) {
                continue;
            }
            for (int c = 0, f = at; c < comma.length; f = comma[c++] + 1) {
                comma[c] = text.indexOf(',', f);
                if (comma[c] < 0 || comma[c] > end) {
                    throw new IllegalArgumentException("points.csv: a line with fewer than 7 fields: " + text.substring(at, end));
                }
            }
            int last = text.indexOf(',', comma[5] + 1);
            String key = text.substring(at, comma[1]) + text.substring(comma[2], comma[3]);
            int m = Integer.parseInt(text, comma[0] + 1, comma[1], 10);
            int d = Integer.parseInt(text, comma[1] + 1, comma[2], 10);
            int index = Integer.parseInt(text, comma[3] + 1, comma[4], 10) * d + Integer.parseInt(text, comma[4] + 1, comma[5], 10);
            if (current == null || !current.key.equals(key) || index == 0) {
                PointRows.finish(current, out);
                current = new PointRows(key, m * d);
            }
            current.add(index, Double.parseDouble(text.substring(comma[5] + 1, last < 0 || last > end ? end : last)));
        }
        PointRows.finish(current, out);
        return out;
    }

    /** The rows of one run being read back; complete when every entry came, in order. */
    private static final class PointRows {
        final String key;
        final double[] w;
        int next;

        PointRows(String key, int size) {
            this.key = key;
            this.w = new double[size];
        }

        void add(int index, double value) {
            if (index == next && next < w.length) {
                w[next++] = value;
            } else {
                next = -1;   // out of order or too many: not a run this writer wrote whole
            }
        }

        static void finish(PointRows rows, Map<String, double[]> out) {
            if (rows != null && rows.next == rows.w.length) {
                out.put(rows.key, rows.w);
            }
        }
    }

    /** A status as one CSV token (no separator inside a cell). */
    private static String statusField(String status) {
        return status.replaceAll("[\\s,]+", "_");
    }

    private static String fmt(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.6g", x);
    }

    private static String pct(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * x);
    }
}
