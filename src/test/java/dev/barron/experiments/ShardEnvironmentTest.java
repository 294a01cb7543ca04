package dev.barron.experiments;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Which shard a job array's task runs when --shard is absent. */
class ShardEnvironmentTest {

    @Test
    void slurmArraysCountFromTheirMinimum() {
        assertEquals(new Shard(1, 4), Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "0",
                "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertEquals(new Shard(4, 4), Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "4",
                "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_COUNT", "4")));
    }

    @Test
    void kubernetesIndexedJobsCountFromZero() {
        assertEquals(new Shard(3, 3), Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "2",
                "BARRON_SHARD_COUNT", "3")));
    }

    @Test
    void noArrayMeansTheWholeSurvey() {
        assertEquals(Shard.whole(), Shard.fromEnvironment(Map.of()));
    }

    @Test
    void aMissingCountIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "0")));
        assertTrue(e.getMessage().contains("BARRON_SHARD_COUNT"), e.getMessage());
    }
}
