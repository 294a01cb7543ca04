package dev.barron.experiments;

import java.util.List;
import java.util.Map;

/**
 * What one run of a sweep found: its result values in the order of the experiment's
 * {@link SweepExperiment#results()} (numbers, Booleans, or category labels), and the lines it
 * adds to the experiment's side files (file name to whole lines, each ending in a newline; the
 * survey's points.csv), appended before the run's line in runs.csv.
 */
public record SweepOutcome(List<Object> values, Map<String, String> sideLines) {

    public SweepOutcome {
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        sideLines = Map.copyOf(sideLines);
    }

    public static SweepOutcome of(Object... values) {
        return new SweepOutcome(List.of(values), Map.of());
    }
}
