package dev.barron.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.barron.io.PendingFiles;
import org.apache.commons.math3.distribution.TDistribution;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The engine's summary of a sweep, from its results alone (so equal results give equal
 * bytes): per point (the varied values), for every result column,
 *
 * <ul>
 *   <li>NUMBER: the mean of its finite values with a two-sided 95% Student-t interval,
 *       mean +- t(0.975, n-1) s / sqrt(n) (none for n &lt; 2; non-finite values, such as the loss of
 *       a diverged run, are left out and n says how many were used);</li>
 *   <li>CATEGORY: the fraction of runs in each category, FLAG: the fraction that are true, each
 *       with its 95% Wilson score interval ({@link Wilson}).</li>
 * </ul>
 *
 * Files: summary.csv in long format (varied parameters, runs, measure, statistic, n, value,
 * ci95_low, ci95_high, interval, then the stable provenance of the point's runs), summary.md
 * (one table, a row per point), summary.json (the same, with the spec), and per plotted column
 * COLUMN.svg (the means and intervals against the first numeric varied parameter).
 */
public final class SweepSummary {

    public static final String CSV = "summary.csv";
    public static final String MARKDOWN = "summary.md";
    public static final String JSON = "summary.json";
    public static final String PROVENANCE_HEADER = String.join(",", SweepSession.STABLE);

    /** One statistic of one measure at one point. */
    record Stat(String measure, String statistic, int n, double value, double low, double high, String interval) {
    }

    /** One point's runs and their statistics. */
    record Group(SweepPoint point, List<SweepRecord> runs, List<Stat> stats) {
    }

    private SweepSummary() {
    }

    static Map<String, byte[]> files(SweepExperiment ex, SweepResults results) {
        List<Group> groups = groups(ex, results);
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(CSV, csv(results, groups).getBytes(StandardCharsets.UTF_8));
        out.put(MARKDOWN, markdown(results, groups).getBytes(StandardCharsets.UTF_8));
        out.put(JSON, json(jsonDocument(results, groups)));
        for (SweepColumn c : ex.results()) {
            if (c.plotted()) {
                out.putAll(SweepPlots.means(results.spec(), c.name(), groups));
            }
        }
        return out;
    }

    /** The runs grouped by point, in sweep order. */
    static List<Group> groups(SweepExperiment ex, SweepResults results) {
        SweepSpec spec = results.spec();
        Map<List<String>, List<SweepRecord>> byPoint = new LinkedHashMap<>();
        for (SweepRecord r : results.runs()) {
            byPoint.computeIfAbsent(spec.key(r.task().point()), k -> new ArrayList<>()).add(r);
        }
        List<Group> out = new ArrayList<>();
        for (List<SweepRecord> runs : byPoint.values()) {
            List<Stat> stats = new ArrayList<>();
            for (SweepColumn c : ex.results()) {
                switch (c.kind()) {
                    case NUMBER -> stats.add(mean(c.name(), runs));
                    case FLAG -> stats.add(fraction(c.name(), runs.stream().filter(r -> r.text(c.name()).equals("true")).count(),
                            runs.size()));
                    case CATEGORY -> {
                        for (String cat : c.categories()) {
                            stats.add(fraction(c.name() + "=" + cat, runs.stream().filter(r -> r.text(c.name()).equals(cat)).count(),
                                    runs.size()));
                        }
                    }
                }
            }
            out.add(new Group(runs.get(0).task().point(), runs, stats));
        }
        return out;
    }

    static Stat mean(String column, List<SweepRecord> runs) {
        double[] x = runs.stream().mapToDouble(r -> r.number(column)).filter(Double::isFinite).toArray();
        int n = x.length;
        if (n == 0) {
            return new Stat(column, "mean", 0, Double.NaN, Double.NaN, Double.NaN, "");
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        if (n < 2) {
            return new Stat(column, "mean", n, mean, Double.NaN, Double.NaN, "");
        }
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double half = new TDistribution(null, n - 1, 1e-14).inverseCumulativeProbability(0.975) * Math.sqrt(ss / (n - 1) / n);
        return new Stat(column, "mean", n, mean, mean - half, mean + half, "t95");
    }

    static Stat fraction(String measure, long count, int n) {
        double[] ci = Wilson.interval((int) count, n, Wilson.Z95);
        return new Stat(measure, "fraction", n, n == 0 ? Double.NaN : count / (double) n, ci[0], ci[1], "wilson95");
    }

    private static String csv(SweepResults results, List<Group> groups) {
        SweepSpec spec = results.spec();
        List<String> head = new ArrayList<>(spec.varied());
        head.addAll(List.of("runs", "measure", "statistic", "n", "value", "ci95_low", "ci95_high", "interval", PROVENANCE_HEADER));
        StringBuilder sb = new StringBuilder(String.join(",", head)).append('\n');
        for (Group g : groups) {
            String prefix = String.join(",", spec.key(g.point()));
            String prov = provenanceCells(results.sessionsOf(g.runs()));
            for (Stat s : g.stats()) {
                sb.append(prefix).append(prefix.isEmpty() ? "" : ",").append(g.runs().size()).append(',').append(s.measure())
                        .append(',').append(s.statistic()).append(',').append(s.n()).append(',').append(cell(s.value()))
                        .append(',').append(cell(s.low())).append(',').append(cell(s.high())).append(',').append(s.interval())
                        .append(',').append(prov).append('\n');
            }
        }
        return sb.toString();
    }

    private static String markdown(SweepResults results, List<Group> groups) {
        SweepSpec spec = results.spec();
        StringBuilder sb = new StringBuilder("# Sweep: " + spec.experiment().name() + "\n\n");
        List<String> fixed = new ArrayList<>();
        spec.parameters().forEach((k, v) -> fixed.add(k + " " + v));
        sb.append("Fixed: ").append(String.join(", ", fixed)).append("; ").append(spec.seeds()).append(" seed(s) per point.\n\n");
        sb.append("Means with 95% Student-t intervals (finite values; n < 2: no interval), fractions with 95% Wilson"
                + " intervals.\n\n");
        List<String> measures = shownMeasures(groups);
        List<String> head = new ArrayList<>(spec.varied());
        head.add("runs");
        head.addAll(measures);
        sb.append("| ").append(String.join(" | ", head)).append(" |\n|");
        sb.append("---|".repeat(head.size())).append('\n');
        for (Group g : groups) {
            List<String> row = new ArrayList<>(spec.key(g.point()));
            row.add(String.valueOf(g.runs().size()));
            for (String m : measures) {
                Stat s = g.stats().stream().filter(x -> x.measure().equals(m)).findFirst().orElseThrow();
                row.add(shown(s));
            }
            sb.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return sb.append(provenanceMarkdown(results.sessionsOf(results.runs()))).toString();
    }

    /** Means, and the fractions that are not zero somewhere (a category nobody reached is no column). */
    private static List<String> shownMeasures(List<Group> groups) {
        Set<String> out = new LinkedHashSet<>();
        for (Group g : groups) {
            for (Stat s : g.stats()) {
                if (s.statistic().equals("mean") || s.value() > 0) {
                    out.add(s.measure());
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        for (Stat s : groups.isEmpty() ? List.<Stat>of() : groups.get(0).stats()) {
            if (out.contains(s.measure())) {
                ordered.add(s.measure());
            }
        }
        return ordered;
    }

    private static String shown(Stat s) {
        if (Double.isNaN(s.value())) {
            return "-";
        }
        if (s.statistic().equals("fraction")) {
            return String.format(Locale.ROOT, "%.1f%% [%.1f%%, %.1f%%]", 100 * s.value(), 100 * s.low(), 100 * s.high());
        }
        return Double.isNaN(s.low()) ? shown(s.value()) : shown(s.value()) + " [" + shown(s.low()) + ", " + shown(s.high()) + "]";
    }

    /** Four significant digits; a whole number (steps, restarts) as it is. */
    private static String shown(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e9 ? String.valueOf((long) x) : String.format(Locale.ROOT, "%.4g", x);
    }

    private static Map<String, Object> jsonDocument(SweepResults results, List<Group> groups) {
        SweepSpec spec = results.spec();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", spec.experiment().name());
        doc.put("spec", spec.toJson());
        doc.put("varied", spec.varied());
        Map<String, String> intervals = new LinkedHashMap<>();
        intervals.put("mean", "Student t, 95%, two-sided, over finite values");
        intervals.put("fraction", "Wilson score, 95%, two-sided");
        doc.put("intervals", intervals);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Group g : groups) {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> values = new LinkedHashMap<>();
            spec.varied().forEach(v -> values.put(v, g.point().get(v)));
            m.put("point", values);
            m.put("runs", g.runs().size());
            Map<String, Object> measures = new LinkedHashMap<>();
            for (Stat s : g.stats()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("statistic", s.statistic());
                x.put("n", s.n());
                x.put("value", number(s.value()));
                x.put("ci95_low", number(s.low()));
                x.put("ci95_high", number(s.high()));
                x.put("interval", s.interval());
                measures.put(s.measure(), x);
            }
            m.put("measures", measures);
            m.put("provenance", stable(results.sessionsOf(g.runs())));
            list.add(m);
        }
        doc.put("points", list);
        doc.put("provenance", stable(results.sessionsOf(results.runs())));
        return doc;
    }

    // --- shared with the survey's summary -------------------------------------------------------

    /** The stable provenance of sessions, one map each. */
    static List<Map<String, String>> stable(List<SweepSession> sessions) {
        return sessions.stream().map(SweepSession::stableFields).toList();
    }

    /** The provenance columns of a summary row: per stable field, its distinct values over the sessions, " | " between. */
    static String provenanceCells(List<SweepSession> sessions) {
        List<String> cells = new ArrayList<>();
        for (String field : SweepSession.STABLE) {
            Set<String> values = new LinkedHashSet<>();
            sessions.forEach(s -> values.add(s.stableFields().get(field)));
            cells.add(quoted(String.join(" | ", values)));
        }
        return String.join(",", cells);
    }

    /** The provenance section of a summary.md: one line per distinct stable provenance. */
    static String provenanceMarkdown(List<SweepSession> sessions) {
        StringBuilder sb = new StringBuilder("\n## Provenance\n\n");
        for (SweepSession s : sessions) {
            sb.append("- ").append(s.stable()).append('\n');
        }
        return sb.append("\nCommand lines, hosts and times of every session: provenance.jsonl.\n").toString();
    }

    /** A CSV cell, quoted as RFC 4180 has it when it holds a comma, a quote or a newline. */
    static String quoted(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** A number for JSON: null when not finite. */
    static Double number(double x) {
        return Double.isFinite(x) ? x : null;
    }

    private static String cell(double x) {
        return Double.isNaN(x) ? "" : String.valueOf(x);
    }

    static byte[] json(Object doc) {
        try {
            return PendingFiles.JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
