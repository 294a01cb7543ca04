package dev.barron.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished run as runs.csv holds it: the task (point, replicate, seed), its result cells by
 * column name (as written: numbers in Double.toString form, category labels), and the session
 * (the line of provenance.jsonl, counted from 1) of the process that computed it.
 */
public record SweepRecord(SweepTask task, Map<String, String> results, int session) {

    public SweepRecord {
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }

    public String text(String column) {
        return results.get(column);
    }

    public double number(String column) {
        String s = results.get(column);
        return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
