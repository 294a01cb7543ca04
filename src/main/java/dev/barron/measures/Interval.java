package dev.barron.measures;

/** A statistic with its bootstrap percentile interval [low, high] (NaN where undefined). */
public record Interval(double value, double low, double high) {
}
