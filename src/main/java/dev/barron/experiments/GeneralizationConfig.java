package dev.barron.experiments;

import dev.barron.backend.ProjectionMethod;
import dev.barron.model.Check;
import dev.barron.model.Labelled;
import dev.barron.model.Precision;

import java.util.List;

/**
 * A generalisation study (docs/MATH.md section 10.4): a full grid over seven hyperparameter axes,
 * `seeds` networks per grid point, each trained by minibatch SGD on its own fixed sample of n
 * Gaussian inputs labelled by one teacher (k orthonormal relu neurons in d dimensions, b = 1,
 * plus N(0, noise^2) label noise), plain scaling, both layers trained.
 *
 * @param widths     student widths m
 * @param lrs        constant step sizes
 * @param batches    minibatch sizes (each &lt;= every n)
 * @param samples    sample sizes n; the sample of seed r is a prefix of one stream, so smaller n nest in larger
 * @param initScales c in W0 = c randn / sqrt(d), a0 = c randn / sqrt(m)
 * @param radii      path-norm radius of projected SGD after every step (0: unconstrained)
 * @param steps      training lengths (SGD steps)
 * @param seeds      networks per grid point (each seed its own sample and initialisation)
 * @param bootstrap  bootstrap replicates for the intervals of tau
 * @param precision  null for the backend's default
 */
public record GeneralizationConfig(List<Integer> widths, List<Double> lrs, List<Integer> batches, List<Integer> samples,
                                   List<Double> initScales, List<Double> radii, List<Long> steps, int seeds, int k, int d,
                                   double noise, ProjectionMethod projection, long seed, int bootstrap, String backend,
                                   String device, Precision precision) {

    /** The axes, in the order of {@link #axisValues()}. */
    public static final List<String> AXES = List.of("width", "lr", "batch", "n", "init_scale", "radius", "steps");

    public GeneralizationConfig {
        widths = nonEmpty("widths", widths);
        lrs = nonEmpty("lr", lrs);
        batches = nonEmpty("batch", batches);
        samples = nonEmpty("n", samples);
        initScales = nonEmpty("init-scale", initScales);
        radii = nonEmpty("radius", radii);
        steps = nonEmpty("steps", steps);
        widths.forEach(m -> Check.positive("widths", m));
        lrs.forEach(v -> Check.positive("lr", v));
        initScales.forEach(v -> Check.positive("init-scale", v));
        radii.forEach(v -> Check.nonNegative("radius", v));
        for (long t : steps) {
            if (t < 1) {
                throw Check.bad("steps", t, "must be >= 1");
            }
        }
        int smallestN = samples.stream().mapToInt(Integer::intValue).min().orElseThrow();
        samples.forEach(n -> Check.positive("n", n));
        for (int b : batches) {
            Check.positive("batch", b);
            if (b > smallestN) {
                throw Check.bad("batch", b, "must be <= the smallest n, " + smallestN);
            }
        }
        Check.positive("seeds", seeds);
        Check.positive("k", k);
        Check.positive("d", d);
        if (k > d) {
            throw Check.bad("k", k, "must be <= d = " + d + " (the teacher's rows are orthonormal)");
        }
        Check.nonNegative("noise", noise);
        if (projection == null) {
            throw Check.bad("projection", null, "allowed: " + Labelled.allowed(ProjectionMethod.class));
        }
        if (bootstrap < 1) {
            throw Check.bad("bootstrap", bootstrap, "must be >= 1");
        }
    }

    private static <T> List<T> nonEmpty(String name, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw Check.bad(name, values, "give at least one value");
        }
        if (values.stream().distinct().count() != values.size()) {
            throw Check.bad(name, values, "values must be distinct");
        }
        return List.copyOf(values);
    }

    /** The values of each axis, as lists, in {@link #AXES} order. */
    public List<List<?>> axisValues() {
        return List.of(widths, lrs, batches, samples, initScales, radii, steps);
    }

    /** The number of networks: the grid size times seeds. */
    public int networks() {
        int total = seeds;
        for (List<?> axis : axisValues()) {
            total *= axis.size();
        }
        return total;
    }
}
