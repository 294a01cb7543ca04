package dev.barron.experiments;

import java.util.List;
import java.util.Map;

/**
 * Everything a sweep's summary is computed from, and nothing else (no wall time, no host): the
 * specification, the finished runs in sweep order, the contents of the experiment's side files,
 * and the provenance of the sessions that computed the runs. A sweep run on one machine, the
 * same sweep resumed after a kill, and the merge of its shards give equal SweepResults up to
 * the sessions' volatile fields, hence identical summaries.
 */
public record SweepResults(SweepSpec spec, List<SweepRecord> runs, Map<String, String> sideFiles,
                           Map<Integer, SweepSession> sessions) {

    public SweepResults {
        runs = List.copyOf(runs);
        // ordered maps: whatever is written from them comes out in the same order in every JVM
        sideFiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sideFiles));
        sessions = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(sessions));
    }

    /**
     * The sessions that computed some of these runs, one per distinct stable provenance
     * ({@link SweepSession#stable()}), sorted by it: what the summaries say computed them.
     */
    public List<SweepSession> sessionsOf(List<SweepRecord> some) {
        Map<String, SweepSession> distinct = new java.util.TreeMap<>();
        for (SweepRecord r : some) {
            SweepSession s = sessions.get(r.session());
            if (s == null) {
                throw dev.barron.model.Check.bad("runs.csv", "session " + r.session(), "names no line of provenance.jsonl;"
                        + " the directory is damaged");
            }
            distinct.putIfAbsent(s.stable(), s);
        }
        return List.copyOf(distinct.values());
    }
}
