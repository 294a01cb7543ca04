package dev.barron.experiments;

import dev.barron.model.Check;

/**
 * One line of runs.csv: k, m, seed, steps, final_loss, grad_norm (max_i |grad_{w_i} L| at the
 * end, the stopping statistic), status (converged | spurious | budget | diverged), restarts.
 */
public record SurveyRun(int k, int m, long seed, long steps, double finalLoss, double gradNorm, String status,
                        int restarts) {

    static final java.util.List<String> STATUSES = java.util.List.of("converged", "spurious", "budget", "diverged");
    public static final String HEADER = "k,m,seed,steps,final_loss,grad_norm,status,restarts";

    public String csv() {
        return k + "," + m + "," + seed + "," + steps + "," + finalLoss + "," + gradNorm + "," + status + "," + restarts;
    }

    public static SurveyRun parse(String line, String where) {
        String[] f = line.split(",", -1);
        if (f.length != 8) {
            throw Check.bad("runs.csv line", where, "expected 8 fields (" + HEADER + "), found " + f.length);
        }
        if (!STATUSES.contains(f[6])) {
            throw Check.bad("runs.csv line", where, "status '" + f[6] + "' is not one of " + STATUSES);
        }
        try {
            return new SurveyRun(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), f[6], Integer.parseInt(f[7]));
        } catch (NumberFormatException e) {
            throw Check.bad("runs.csv line", where, "is not a run (" + e.getMessage() + "); expected " + HEADER);
        }
    }

    public String key() {
        return k + "," + m + "," + seed;
    }
}
