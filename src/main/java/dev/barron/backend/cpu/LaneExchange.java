package dev.barron.backend.cpu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the workers of one lane ensemble hand each other runs once no run is waiting: a worker
 * whose block holds few live runs gives them to a worker with room for them and stops, so that
 * its core goes to other work (the next batch of a sweep) rather than to a block of idle lanes.
 * A run moves between steps, with its weights, teacher and counters; lanes are independent, so
 * its result is the same bits wherever it runs (EnsembleTest holds this).
 */
final class LaneExchange {

    /** A run between two blocks: what its lane held after its last step. */
    record Lane(int run, long step, int restarts, LaneBlock.LaneState state) {
    }

    private final List<LaneEnsemble> open = new ArrayList<>();
    private final ArrayDeque<Lane> waiting = new ArrayDeque<>();
    /** A worker gives its runs away once it holds at most this many (0: never). */
    private final int giveAt;
    private volatile boolean anyWaiting;
    private int given;

    LaneExchange(int giveAt) {
        this.giveAt = giveAt;
    }

    synchronized void join(LaneEnsemble worker) {
        open.add(worker);
    }

    /**
     * Takes the live runs of from (it holds live of them) if another open worker has room for
     * them all, else none; from stops taking runs from here once this returns true.
     */
    synchronized boolean give(LaneEnsemble from, int live, Supplier<List<Lane>> lanes) {
        if (live > giveAt) {
            return false;
        }
        for (LaneEnsemble to : open) {
            if (to != from && to.free() - waiting.size() >= live) {
                open.remove(from);
                waiting.addAll(lanes.get());
                given += live;
                anyWaiting = !waiting.isEmpty();
                return true;
            }
        }
        return false;
    }

    /** How many runs moved so far. */
    synchronized int given() {
        return given;
    }

    /** The next waiting run, or null. */
    synchronized Lane take() {
        Lane l = waiting.poll();
        anyWaiting = !waiting.isEmpty();
        return l;
    }

    boolean anyWaiting() {
        return anyWaiting;
    }

    /** Leaves the exchange unless a run waits (then the worker must take it first); true when left. */
    synchronized boolean leave(LaneEnsemble worker) {
        if (!waiting.isEmpty()) {
            return false;
        }
        open.remove(worker);
        return true;
    }
}
