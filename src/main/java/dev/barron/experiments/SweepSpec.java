package dev.barron.experiments;

import dev.barron.model.Check;
import dev.barron.model.Precision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep, validated: an experiment, the value of every parameter that stays fixed (defaults
 * filled in), a grid (the cartesian product of its lists) and a zip (lists of equal length,
 * varied together, crossed with the grid), the number of seeds per point, and where it runs.
 * Built by {@link SweepFile} from a sweep file (or by a preset such as the survey command) and
 * written back as sweep.json, which reads back to an equal spec.
 *
 * <p>Sweep order, which fixes every run's index (and so the shards): the grid's parameters
 * in the experiment's declaration order, the first outermost, then the zip, then the seeds.
 * Points whose resolved values coincide (width rules k and 2k-1 at k = 1) are run once.
 *
 * @param seeds replicates per point: replicate r runs with {@link SweepExperiment#seed}
 */
public record SweepSpec(SweepExperiment experiment, Map<String, Object> parameters, Map<String, List<Object>> grid,
                        Map<String, List<Object>> zip, int seeds, String backend, String device, Precision precision) {

    public SweepSpec {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        grid = copy(grid);
        zip = copy(zip);
        Check.positive("seeds", seeds);
        if (backend == null || backend.isBlank()) {
            throw Check.bad("backend", backend, "give a backend name (auto, cpu, opencl, ...)");
        }
        int zipLength = -1;
        for (var e : zip.entrySet()) {
            if (zipLength >= 0 && e.getValue().size() != zipLength) {
                throw Check.bad("zip." + e.getKey(), e.getValue() + " (" + e.getValue().size() + " values)",
                        "zip lists must have equal lengths; the first has " + zipLength);
            }
            zipLength = e.getValue().size();
        }
    }

    private static Map<String, List<Object>> copy(Map<String, List<Object>> m) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(out);
    }

    /** The varied parameters (in grid or zip), in declaration order: runs.csv's first columns. */
    public List<String> varied() {
        List<String> out = new ArrayList<>();
        for (SweepParam p : experiment.parameters()) {
            if (grid.containsKey(p.name()) || zip.containsKey(p.name())) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** The points in sweep order, resolved and checked; fails naming the first point that cannot run. */
    public List<SweepPoint> points() {
        List<String> axes = varied().stream().filter(grid::containsKey).toList();
        int zipLength = zip.isEmpty() ? 1 : zip.values().iterator().next().size();
        List<SweepPoint> out = new ArrayList<>();
        Set<List<String>> seen = new LinkedHashSet<>();
        int[] at = new int[axes.size()];
        while (true) {
            for (int z = 0; z < zipLength; z++) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (SweepParam p : experiment.parameters()) {
                    values.put(p.name(), parameters.get(p.name()));
                }
                for (int a = 0; a < axes.size(); a++) {
                    values.put(axes.get(a), grid.get(axes.get(a)).get(at[a]));
                }
                for (var e : zip.entrySet()) {
                    values.put(e.getKey(), e.getValue().get(z));
                }
                SweepPoint point = resolved(new SweepPoint(values));
                if (seen.add(key(point))) {
                    out.add(point);
                }
            }
            int a = axes.size() - 1;
            while (a >= 0 && ++at[a] == grid.get(axes.get(a)).size()) {
                at[a--] = 0;
            }
            if (a < 0) {
                return out;
            }
        }
    }

    private SweepPoint resolved(SweepPoint raw) {
        try {
            SweepPoint p = experiment.resolve(raw);
            experiment.check(p);
            return p;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + (varied().isEmpty() ? "" : " (at " + describe(raw) + ")"), e);
        }
    }

    /** "m = 3, lr = 0.1": the varied values of a point. */
    public String describe(SweepPoint p) {
        List<String> parts = new ArrayList<>();
        for (String v : varied()) {
            parts.add(v + " = " + p.get(v));
        }
        return String.join(", ", parts);
    }

    /** The varied values of a point as runs.csv writes them. */
    public List<String> key(SweepPoint p) {
        List<String> out = new ArrayList<>();
        for (String v : varied()) {
            out.add(String.valueOf(p.get(v)));
        }
        return out;
    }

    /** Every run in sweep order; fails if two runs would share varied values and seed. */
    public List<SweepTask> plan() {
        List<SweepTask> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        long index = 0;
        for (SweepPoint p : points()) {
            for (int r = 0; r < seeds; r++) {
                SweepTask t = new SweepTask(index++, p, r, experiment.seed(p, r));
                if (!keys.add(runKey(t))) {
                    throw Check.bad("seeds", seeds, "two runs at " + describe(p) + " get seed " + t.seed()
                            + "; vary the seed parameter or give seeds, not both");
                }
                out.add(t);
            }
        }
        return out;
    }

    /** A run's identity in runs.csv: its varied values and its seed, comma-separated. */
    public String runKey(SweepTask t) {
        List<String> k = new ArrayList<>(key(t.point()));
        k.add(String.valueOf(t.seed()));
        return String.join(",", k);
    }

    /** The tasks of shard s, by run key, in sweep order. */
    public Map<String, SweepTask> shardPlan(Shard s) {
        Map<String, SweepTask> out = new LinkedHashMap<>();
        for (SweepTask t : plan()) {
            if (t.index() % s.count() == s.index() - 1) {
                out.put(runKey(t), t);
            }
        }
        return out;
    }

    /** runs.csv's header: the varied parameters, seed, the results, session. */
    public String header() {
        List<String> cols = new ArrayList<>(varied());
        cols.add("seed");
        experiment.results().forEach(c -> cols.add(c.name()));
        cols.add("session");
        return String.join(",", cols);
    }

    /** sweep.json: a sweep file that reads back to this spec (every fixed parameter written out). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", experiment.name());
        m.put("seeds", seeds);
        m.put("backend", backend);
        if (device != null) {
            m.put("device", device);
        }
        if (precision != null) {
            m.put("precision", precision.label());
        }
        m.put("parameters", parameters);
        if (!grid.isEmpty()) {
            m.put("grid", grid);
        }
        if (!zip.isEmpty()) {
            m.put("zip", zip);
        }
        return m;
    }
}
