package dev.barron.math;

/**
 * Neumaier's compensated summation: the error of the sum is about eps * sum |terms| instead of
 * n * eps * max |term|. The population loss is a difference of O(1) terms that cancel to
 * 1e-12 and below near the optimum, so its sums must be compensated.
 *
 * <p>A small mutable accumulator meant to live in one method's scope.
 */
public final class CompensatedSum {

    private double sum;
    private double compensation;

    public void add(double term) {
        double t = sum + term;
        if (Math.abs(sum) >= Math.abs(term)) {
            compensation += (sum - t) + term;
        } else {
            compensation += (term - t) + sum;
        }
        sum = t;
    }

    /** Adds another accumulator's exact state (its sum and its compensation). */
    public void add(CompensatedSum other) {
        add(other.sum);
        add(other.compensation);
    }

    public double value() {
        return sum + compensation;
    }

    /** The uncompensated running sum (the high part). */
    public double high() {
        return sum;
    }

    /** The accumulated rounding errors (the low part). */
    public double low() {
        return compensation;
    }

    /** Compensated sum of an array. */
    public static double of(double[] terms) {
        CompensatedSum s = new CompensatedSum();
        for (double t : terms) {
            s.add(t);
        }
        return s.value();
    }
}
