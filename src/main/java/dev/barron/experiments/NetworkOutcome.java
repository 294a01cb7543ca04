package dev.barron.experiments;

import dev.barron.measures.Measure;
import dev.barron.model.Check;
import dev.barron.model.Labelled;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of networks.csv: a trained network's grid point, how its training ended, its train
 * risk, population risk (closed form), the gap between them and every {@link Measure} (NaN where
 * undefined or when training diverged), and the wall seconds its training and measures took (the
 * only field that differs between two runs of a study). Risks carry the factor 1/2 of
 * docs/MATH.md section 3.
 */
public record NetworkOutcome(GridNetwork network, Status status, int restarts, double trainRisk, double populationRisk,
                             double gap, double seconds, double[] measures) {

    /** How a network's training ended, as networks.csv writes it. */
    public enum Status implements Labelled {
        OK,
        /** The divergence guard gave up: no risks or measures. */
        DIVERGED;
    }

    public static final String HEADER = header();
    /** Index of the last field before the measures (seconds). */
    private static final int FIXED = 14;

    private static String header() {
        List<String> cols = new ArrayList<>(List.of("index", "seed_index", "width", "lr", "batch", "n", "init_scale",
                "radius", "steps", "status", "restarts", "train_risk", "population_risk", "gap", "seconds"));
        for (Measure m : Measure.values()) {
            cols.add(m.key());
        }
        return String.join(",", cols);
    }

    /** The line without the seconds: equal for equal runs. */
    public String csvWithoutTime() {
        return new NetworkOutcome(network, status, restarts, trainRisk, populationRisk, gap, 0, measures).csv();
    }

    public boolean ok() {
        return status == Status.OK;
    }

    public String csv() {
        GridNetwork g = network;
        StringBuilder sb = new StringBuilder();
        sb.append(g.index()).append(',').append(g.seedIndex()).append(',').append(g.width()).append(',').append(g.lr())
                .append(',').append(g.batch()).append(',').append(g.n()).append(',').append(g.initScale()).append(',')
                .append(g.radius()).append(',').append(g.steps()).append(',').append(status.label()).append(',').append(restarts)
                .append(',').append(trainRisk).append(',').append(populationRisk).append(',').append(gap).append(',').append(seconds);
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
        return new NetworkOutcome(g, Labelled.parse(Status.class, "status", f[9]), Integer.parseInt(f[10]), Double.parseDouble(f[11]), Double.parseDouble(f[12]),
                Double.parseDouble(f[13]), Double.parseDouble(f[14]), m);
    }
}
