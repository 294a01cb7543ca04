package dev.barron.experiments;

import dev.barron.measures.Measure;
import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of networks.csv: a trained network's grid point, how its training ended, its train
 * risk, population risk (closed form), the gap between them and every {@link Measure} (NaN where
 * undefined or when training diverged). Risks carry the factor 1/2 of docs/MATH.md section 3.
 */
public record NetworkOutcome(GridNetwork network, String status, int restarts, double trainRisk, double populationRisk,
                             double gap, double[] measures) {

    public static final String HEADER = header();
    /** Index of the last field before the measures (gap). */
    private static final int FIXED = 13;

    private static String header() {
        List<String> cols = new ArrayList<>(List.of("index", "seed_index", "width", "lr", "batch", "n", "init_scale",
                "radius", "steps", "status", "restarts", "train_risk", "population_risk", "gap"));
        for (Measure m : Measure.values()) {
            cols.add(m.key());
        }
        return String.join(",", cols);
    }

    public boolean ok() {
        return status.equals("ok");
    }

    public String csv() {
        GridNetwork g = network;
        StringBuilder sb = new StringBuilder();
        sb.append(g.index()).append(',').append(g.seedIndex()).append(',').append(g.width()).append(',').append(g.lr())
                .append(',').append(g.batch()).append(',').append(g.n()).append(',').append(g.initScale()).append(',')
                .append(g.radius()).append(',').append(g.steps()).append(',').append(status).append(',').append(restarts)
                .append(',').append(trainRisk).append(',').append(populationRisk).append(',').append(gap);
        for (double v : measures) {
            sb.append(',').append(v);
        }
        return sb.toString();
    }

    public static NetworkOutcome parse(String line, String where) {
        String[] f = line.split(",", -1);
        int expected = FIXED + 1 + Measure.values().length;
        if (f.length != expected) {
            throw Check.bad("networks.csv line", where, "expected " + expected + " fields (" + HEADER + "), found " + f.length);
        }
        GridNetwork g = new GridNetwork(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Double.parseDouble(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7]), Long.parseLong(f[8]));
        double[] m = new double[Measure.values().length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Double.parseDouble(f[FIXED + 1 + i]);
        }
        return new NetworkOutcome(g, f[9], Integer.parseInt(f[10]), Double.parseDouble(f[11]), Double.parseDouble(f[12]),
                Double.parseDouble(f[13]), m);
    }
}
