package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.io.BuildInfo;
import dev.barron.io.PendingFiles;
import dev.barron.measures.Interval;
import dev.barron.measures.Measure;
import dev.barron.measures.RankCorrelation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of a generalisation study (docs/MATH.md section 10.4), computed from networks.csv
 * alone (sorted by index, so a resumed study gives the same files as an uninterrupted one):
 * per measure, Kendall's tau-b against the gap over every network that trained and where the
 * measure is defined, and the granulated tau per axis and overall, with 95% bootstrap intervals.
 * Writes table.md, table.csv, summary.json and scatter_KEY.png as one set.
 */
public final class GeneralizationReport {

    /** One line of the table. */
    public record Row(Measure measure, int networks, Interval tau, RankCorrelation.Granulated granulated) {
    }

    private GeneralizationReport() {
    }

    public static List<Row> table(GeneralizationConfig cfg, List<NetworkOutcome> outcomes) {
        List<NetworkOutcome> ok = sorted(outcomes).stream().filter(NetworkOutcome::ok).toList();
        List<Row> rows = new ArrayList<>();
        for (Measure m : Measure.values()) {
            List<NetworkOutcome> usable = ok.stream().filter(o -> Double.isFinite(o.measures()[m.ordinal()])).toList();
            double[] x = usable.stream().mapToDouble(o -> o.measures()[m.ordinal()]).toArray();
            double[] gap = usable.stream().mapToDouble(NetworkOutcome::gap).toArray();
            String[][] coords = usable.stream().map(o -> o.network().coordinates()).toArray(String[][]::new);
            rows.add(new Row(m, usable.size(), RankCorrelation.tau(x, gap, cfg.bootstrap(), cfg.seed()),
                    RankCorrelation.granulated(x, gap, coords, GeneralizationConfig.AXES, cfg.bootstrap(), cfg.seed())));
        }
        return rows;
    }

    static void write(Path dir, GeneralizationConfig cfg, List<NetworkOutcome> outcomes, Backend backend, int threads,
                      double wallSeconds) throws IOException {
        List<Row> rows = table(cfg, outcomes);
        List<NetworkOutcome> ok = sorted(outcomes).stream().filter(NetworkOutcome::ok).toList();
        PendingFiles files = new PendingFiles()
                .add("table.md", out -> out.write(markdown(rows, ok.size(), outcomes.size()).getBytes(StandardCharsets.UTF_8)))
                .add("table.csv", out -> out.write(csv(rows).getBytes(StandardCharsets.UTF_8)))
                .addJson("summary.json", summary(cfg, rows, outcomes, ok.size(), backend, threads, wallSeconds));
        for (Row r : Figures.unavailable().isPresent() ? List.<Row>of() : rows) {
            double[] x = ok.stream().mapToDouble(o -> o.measures()[r.measure().ordinal()]).filter(Double::isFinite).toArray();
            double[] gap = ok.stream().filter(o -> Double.isFinite(o.measures()[r.measure().ordinal()]))
                    .mapToDouble(NetworkOutcome::gap).toArray();
            String title = String.format(Locale.ROOT, "%s: tau = %s, granulated = %s", r.measure().key(),
                    fmt(r.tau().value()), fmt(r.granulated().psi().value()));
            files.add("scatter_" + r.measure().key() + ".png", out -> MeasurePlots.scatter(out, r.measure().key(), title, x, gap));
        }
        files.writeTo(dir, "generalization");
    }

    static String markdown(List<Row> rows, int ok, int total) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Kendall's tau-b of each measure with the generalisation gap over %d networks"
                + " (%d trained), and the granulated tau (mean over axes of tau among networks that differ in that axis only);"
                + " 95%% bootstrap intervals in brackets.%n%n", ok, total));
        sb.append("| measure | tau | granulated | ");
        sb.append(String.join(" | ", GeneralizationConfig.AXES)).append(" | definition |\n");
        sb.append("|---|---|---|").append("---|".repeat(GeneralizationConfig.AXES.size())).append("---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.measure().key()).append(" | ").append(withInterval(r.tau())).append(" | ")
                    .append(withInterval(r.granulated().psi())).append(" | ");
            for (String axis : GeneralizationConfig.AXES) {
                sb.append(fmt(r.granulated().perAxis().get(axis))).append(" | ");
            }
            sb.append(r.measure().definition().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("measure,networks,tau,tau_low,tau_high,granulated,granulated_low,granulated_high");
        for (String axis : GeneralizationConfig.AXES) {
            sb.append(",psi_").append(axis);
        }
        sb.append(",definition\n");
        for (Row r : rows) {
            sb.append(r.measure().key()).append(',').append(r.networks());
            for (Interval i : List.of(r.tau(), r.granulated().psi())) {
                sb.append(',').append(i.value()).append(',').append(i.low()).append(',').append(i.high());
            }
            for (String axis : GeneralizationConfig.AXES) {
                sb.append(',').append(r.granulated().perAxis().get(axis));
            }
            sb.append(",\"").append(r.measure().definition().replace("\"", "\"\"")).append("\"\n");
        }
        return sb.toString();
    }

    private static Map<String, Object> summary(GeneralizationConfig cfg, List<Row> rows, List<NetworkOutcome> all, int ok,
                                               Backend backend, int threads, double wallSeconds) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", "generalization");
        s.put("version", BuildInfo.version());
        s.put("config", JsonValues.of(cfg));
        s.put("networks", all.size());
        s.put("trained", ok);
        s.put("diverged", all.size() - ok);
        s.put("backend", backend.name());
        s.put("device", backend.device());
        s.put("precision", backend.precision().label());
        s.put("provenance", Provenance.of(backend).toMap());
        s.put("threads", threads);
        s.put("wall_seconds_this_process", wallSeconds);
        // summed over every network in the directory, earlier processes of a resumed study included
        s.put("network_seconds_total", all.stream().mapToDouble(NetworkOutcome::seconds).sum());
        List<Object> table = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("measure", r.measure().key());
            t.put("networks", r.networks());
            t.put("tau", JsonValues.interval(r.tau()));
            t.put("granulated", JsonValues.interval(r.granulated().psi()));
            Map<String, Object> axes = new LinkedHashMap<>();
            r.granulated().perAxis().forEach((k, v) -> axes.put(k, JsonValues.number(v)));
            t.put("granulated_per_axis", axes);
            t.put("definition", r.measure().definition());
            table.add(t);
        }
        s.put("table", table);
        return s;
    }

    private static List<NetworkOutcome> sorted(List<NetworkOutcome> outcomes) {
        List<NetworkOutcome> s = new ArrayList<>(outcomes);
        s.sort(Comparator.comparingInt(o -> o.network().index()));
        return s;
    }

    private static String withInterval(Interval i) {
        return fmt(i.value()) + " [" + fmt(i.low()) + ", " + fmt(i.high()) + "]";
    }

    private static String fmt(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** JSON-safe values: NaN (an undefined tau) becomes null, which PendingFiles writes as such. */
    static final class JsonValues {
        private JsonValues() {
        }

        static Object number(double v) {
            return Double.isFinite(v) ? v : null;
        }

        static Map<String, Object> interval(Interval i) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", number(i.value()));
            m.put("low", number(i.low()));
            m.put("high", number(i.high()));
            return m;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> of(GeneralizationConfig cfg) {
            return PendingFiles.JSON.convertValue(cfg, Map.class);
        }
    }
}
