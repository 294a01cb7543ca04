package dev.barron.train;

/**
 * A small seeded generator (SplitMix64) whose whole state is one long, so that a checkpoint can
 * hold it exactly and a resumed run draws the same numbers as an uninterrupted one.
 * Gaussians come in pairs from Box-Muller; the pair is not cached, so the state stays one long.
 */
public final class Rng {

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** A stream for one purpose of one run (e.g. seed, "init"), independent of the others. */
    public static Rng stream(long seed, long... keys) {
        long s = mix(seed);
        for (long key : keys) {
            s = mix(s ^ mix(key + 0x632BE59BD9B4E019L));
        }
        return new Rng(s);
    }

    public long state() {
        return state;
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** A standard normal draw (Box-Muller, StrictMath so that every JVM draws the same). */
    public double nextGaussian() {
        double u = 1.0 - nextDouble();
        double v = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
    }

    /** Fills out with standard normal draws. */
    public void gaussians(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = nextGaussian();
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
