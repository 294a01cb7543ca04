package dev.barron.experiments;

/**
 * One run of a sweep: replicate r of a point, with its own seed and its index in sweep order
 * (shard i/N runs the tasks whose index is i-1 mod N).
 */
public record SweepTask(long index, SweepPoint point, int replicate, long seed) {
}
