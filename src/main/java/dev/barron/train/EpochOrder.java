package dev.barron.train;

/** The sample order of one epoch of minibatch SGD: a Fisher-Yates shuffle keyed by (seed, epoch). */
public final class EpochOrder {

    private static final long EPOCH_KEY = 0x65706F6368L;

    private EpochOrder() {
    }

    /** A permutation of 0..n-1 that depends only on (seed, epoch), so a resumed run sees the same batches. */
    public static int[] of(long seed, long epoch, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng rng = Rng.stream(seed, EPOCH_KEY, epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
