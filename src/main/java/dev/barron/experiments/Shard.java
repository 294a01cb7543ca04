package dev.barron.experiments;

import dev.barron.model.Check;

import java.util.Map;

/**
 * Shard index (1-based) of count: a sweep's shard i/N runs the runs whose index in sweep
 * order is congruent to i-1 mod N, so the shards partition it whatever machine runs them.
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw Check.bad("shard", index + "/" + count, "must be i/N with 1 <= i <= N");
        }
    }

    public static Shard parse(String text) {
        String[] p = text.split("/");
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Check.bad("shard", text, "must be i/N with 1 <= i <= N, e.g. 1/2");
    }

    public static Shard whole() {
        return new Shard(1, 1);
    }

    /**
     * The shard a scheduler's array task runs, when no --shard is given: SLURM's
     * SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT (counted from SLURM_ARRAY_TASK_MIN, so
     * --array=0-3 and --array=1-4 both give shards 1/4 .. 4/4), or a Kubernetes Indexed
     * Job's JOB_COMPLETION_INDEX (from 0) of BARRON_SHARD_COUNT; else the whole survey.
     */
    public static Shard fromEnvironment(Map<String, String> env) {
        String slurmId = env.get("SLURM_ARRAY_TASK_ID");
        if (slurmId != null) {
            int min = integer(env, "SLURM_ARRAY_TASK_MIN", "0");
            return new Shard(integer(env, "SLURM_ARRAY_TASK_ID", null) - min + 1,
                    integer(env, "SLURM_ARRAY_TASK_COUNT", null));
        }
        if (env.get("JOB_COMPLETION_INDEX") != null) {
            return new Shard(integer(env, "JOB_COMPLETION_INDEX", null) + 1, integer(env, "BARRON_SHARD_COUNT", null));
        }
        return whole();
    }

    private static int integer(Map<String, String> env, String name, String absent) {
        String v = env.getOrDefault(name, absent);
        try {
            return Integer.parseInt(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw Check.bad(name, v == null ? "(unset)" : v, "must be an integer: the shard is taken from the"
                    + " environment when --shard is absent");
        }
    }
}
