package dev.barron.backend.cpu;

import dev.barron.model.Precision;

/**
 * Work arrays kept per calling thread between calls, in numbered slots, grown when a call
 * needs more and otherwise reused (a larger array serves a smaller need: callers index within
 * the length they asked for).
 *
 * <p>Why: the native arrays of {@link DirectReals} come from fresh pages, and a page fault per
 * 4 KiB made a new 128 MiB Gram matrix cost 87 ms of a 1 s evaluation at m = 4096, and new
 * forward panels a fifth of a large forward pass. Training repeats one shape every step, so
 * after the first call nothing is allocated. Per thread, since surveys share a backend across
 * worker threads. The contents are whatever the last call left: callers overwrite them.
 */
final class ThreadBuffers {

    private final Precision precision;
    private final ThreadLocal<RealArray[]> slots;

    ThreadBuffers(Precision precision, int slotCount) {
        this.precision = precision;
        this.slots = ThreadLocal.withInitial(() -> new RealArray[slotCount]);
    }

    /** The calling thread's array in slot, of at least length entries. */
    RealArray get(int slot, int length) {
        RealArray[] mine = slots.get();
        if (mine[slot] == null || mine[slot].length() < length) {
            if (mine[slot] != null) {
                mine[slot].release();
            }
            mine[slot] = RealArray.allocate(precision, 1, Math.max(1, length));
        }
        return mine[slot];
    }
}
