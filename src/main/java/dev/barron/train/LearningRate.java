package dev.barron.train;

import dev.barron.model.Check;

/**
 * Step size at step t: initial * decayFactor^floor(t / decayEvery); decayEvery = 0 means constant.
 *
 * @param initial     eta_0 &gt; 0
 * @param decayEvery  steps between decays (0: constant)
 * @param decayFactor multiplier at each decay, in (0, 1]
 */
public record LearningRate(double initial, long decayEvery, double decayFactor) {

    public LearningRate {
        Check.positive("lr", initial);
        if (decayEvery < 0) {
            throw Check.bad("lr-decay-every", decayEvery, "must be >= 0 (0: constant step)");
        }
        if (!(decayFactor > 0 && decayFactor <= 1)) {
            throw Check.bad("lr-decay-factor", decayFactor, "must lie in (0, 1]");
        }
    }

    public static LearningRate constant(double lr) {
        return new LearningRate(lr, 0, 1.0);
    }

    public double at(long step) {
        if (decayEvery == 0 || decayFactor == 1.0) {
            return initial;
        }
        return initial * StrictMath.pow(decayFactor, (double) (step / decayEvery));
    }

    /** The same schedule with every step scaled (the divergence guard halves it). */
    public LearningRate scaled(double factor) {
        return new LearningRate(initial * factor, decayEvery, decayFactor);
    }
}
