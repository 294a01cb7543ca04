package dev.barron.experiments;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.barron.model.Check;
import dev.barron.model.Precision;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spurious-minima survey (the Safran-Shamir protocol, docs/MATH.md section 8): for every k in ks
 * and every width rule in ms, `runs` independent GD runs with a = b = 1 frozen, plain scaling,
 * relu, full-batch GD on the population loss with step lr, stopped when
 * max_i |grad_{w_i} L| &lt;= gradTol; a stopped run with loss &gt;= threshold is spurious.
 *
 * @param ms       widths: a number ("6") or a rule in k ("k", "k+1", "2k", "2k-1")
 * @param teacher  identity (V = I_k, d = k when d = 0) or orthogonal (random orthonormal rows per run)
 * @param d        input dimension; 0 means d = k
 * @param init     xavier (W0 = randn / sqrt(d)) or gaussian (W0 = initScale * randn)
 * @param precision null for the backend's default
 */
@JsonIgnoreProperties({"provenance"}) // survey.json also holds the provenance of the sessions that wrote it
public record SurveyConfig(List<Integer> ks, List<String> ms, int runs, TeacherKind teacher, int d, InitKind init,
                           double initScale, double lr, double gradTol, double threshold, long steps, long seed,
                           String backend, String device, Precision precision) {

    private static final Pattern RULE = Pattern.compile("(\\d*)k([+-]\\d+)?");

    public SurveyConfig {
        if (ks == null || ks.isEmpty()) {
            throw Check.bad("k", ks, "give at least one k");
        }
        if (ms == null || ms.isEmpty()) {
            throw Check.bad("m", ms, "give at least one m");
        }
        ks = List.copyOf(ks);
        ms = List.copyOf(ms);
        for (int k : ks) {
            Check.positive("k", k);
            for (String m : ms) {
                width(m, k);
            }
            if (d != 0 && k > d) {
                throw Check.bad("k", k, "must be <= d = " + d + " (teachers are orthonormal)");
            }
        }
        Check.positive("runs", runs);
        if (teacher != TeacherKind.IDENTITY && teacher != TeacherKind.ORTHOGONAL) {
            throw Check.bad("teacher", teacher == null ? null : teacher.label(), "allowed: identity, orthogonal");
        }
        if (d < 0) {
            throw Check.bad("d", d, "must be >= 1, or 0 for d = k");
        }
        if (init != InitKind.XAVIER && init != InitKind.GAUSSIAN) {
            throw Check.bad("init", init == null ? null : init.label(), "allowed: xavier, gaussian");
        }
        Check.positive("init-scale", initScale);
        Check.positive("lr", lr);
        Check.positive("grad-tol", gradTol);
        Check.positive("threshold", threshold);
        if (steps < 1) {
            throw Check.bad("steps", steps, "must be >= 1");
        }
    }

    /** m for a width rule at this k. */
    public static int width(String rule, int k) {
        String r = rule.replace(" ", "");
        int m;
        if (r.matches("\\d+")) {
            m = Integer.parseInt(r);
        } else {
            Matcher x = RULE.matcher(r);
            if (!x.matches()) {
                throw Check.bad("m", rule, "a number or a rule in k such as k, k+1, 2k, 2k-1");
            }
            int factor = x.group(1).isEmpty() ? 1 : Integer.parseInt(x.group(1));
            int offset = x.group(2) == null ? 0 : Integer.parseInt(x.group(2));
            m = factor * k + offset;
        }
        if (m < 1) {
            throw Check.bad("m", rule, "gives m = " + m + " at k = " + k + "; m must be >= 1");
        }
        return m;
    }

    public int dimension(int k) {
        return d == 0 ? k : d;
    }

    /** The (k, m) configurations in survey order, without repeats. */
    public List<int[]> configurations() {
        List<int[]> out = new ArrayList<>();
        for (int k : ks) {
            for (String rule : ms) {
                int m = width(rule, k);
                if (out.stream().noneMatch(c -> c[0] == k && c[1] == m)) {
                    out.add(new int[]{k, m});
                }
            }
        }
        return out;
    }
}
