package dev.barron.experiments;

import dev.barron.model.Check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a sweep directory's provenance.jsonl: a process that appended runs, with the
 * full {@link Provenance} of its work (version, commit, Java, OS, CPU, BLAS, backend, device,
 * precision, command line) and when, where and as which shard it ran. Every row of runs.csv
 * names its session, so the provenance of every run is known.
 *
 * <p>The stable fields ({@link #STABLE}) say what computed a run and go into the summaries; the
 * volatile ones (command line, host, start time, build time) differ between a run and its
 * resumption or its shards and stay in provenance.jsonl, so that the summaries of a resumed or
 * merged sweep equal those of an uninterrupted one byte for byte.
 */
public record SweepSession(int session, Map<String, Object> fields) {

    /** The fields that name what computed a run, in the summaries' order. */
    public static final List<String> STABLE = List.of("barron_version", "git_commit", "java", "os", "cpu", "blas",
            "backend", "device", "precision");

    public SweepSession {
        if (session < 1) {
            throw Check.bad("session", session, "must be >= 1");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A new session of this process on provenance p. */
    public static SweepSession start(int session, Provenance p, Shard shard) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", session);
        m.put("started", java.time.Instant.now().toString());
        m.put("host", host());
        m.put("shard", shard.index() + "/" + shard.count());
        m.putAll(p.toMap());
        return new SweepSession(session, m);
    }

    /** This session renumbered (a merge numbers the sessions of all shards in one sequence). */
    public SweepSession renumbered(int newSession) {
        Map<String, Object> m = new LinkedHashMap<>(fields);
        m.put("session", newSession);
        return new SweepSession(newSession, m);
    }

    /** The stable fields by name. */
    public Map<String, String> stableFields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : STABLE) {
            m.put(k, String.valueOf(fields.getOrDefault(k, "unknown")));
        }
        return m;
    }

    /** The stable fields in one line, "key: value; ...". */
    public String stable() {
        StringBuilder sb = new StringBuilder();
        stableFields().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
        return sb.toString();
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
