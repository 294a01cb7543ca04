package dev.barron.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runs of a sweep as curves: grouped by the varied parameters other than the curve's
 * abscissa (a label such as "d = 10, method = l2"), then by the abscissa, in sweep order. The
 * reports of the random-features experiments read their curves from here.
 */
final class Curves {

    private Curves() {
    }

    /** Label of the other varied values, to abscissa value, to its runs. */
    static Map<String, TreeMap<Double, List<SweepRecord>>> of(SweepResults results, String abscissa) {
        Map<String, TreeMap<Double, List<SweepRecord>>> out = new LinkedHashMap<>();
        List<String> others = results.spec().varied().stream().filter(v -> !v.equals(abscissa)).toList();
        for (SweepRecord r : results.runs()) {
            SweepPoint p = r.task().point();
            List<String> parts = new ArrayList<>();
            others.forEach(v -> parts.add(v + " = " + p.get(v)));
            double x = ((Number) p.get(abscissa)).doubleValue();
            out.computeIfAbsent(parts.isEmpty() ? "all" : String.join(", ", parts), k -> new TreeMap<>())
                    .computeIfAbsent(x, k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** {x, mean, low, high} of a column along one curve (the t interval; low = high = mean for one run). */
    static List<double[]> means(TreeMap<Double, List<SweepRecord>> curve, String column) {
        List<double[]> out = new ArrayList<>();
        curve.forEach((x, runs) -> {
            SweepSummary.Stat s = SweepSummary.mean(column, runs);
            if (!Double.isNaN(s.value())) {
                out.add(new double[]{x, s.value(), Double.isNaN(s.low()) ? s.value() : s.low(),
                        Double.isNaN(s.high()) ? s.value() : s.high(), s.n()});
            }
        });
        return out;
    }
}
