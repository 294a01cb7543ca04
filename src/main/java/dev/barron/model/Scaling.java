package dev.barron.model;

/** The output scaling s of f(x) = s * sum_i a_i sigma(w_i . x). */
public enum Scaling implements Labelled {
    /** s = 1. */
    PLAIN,
    /** s = 1/m, the scaling of the path-norm (Barron space) theory. */
    MEAN_FIELD;

    /** The factor s for a network of m hidden neurons. */
    public double factor(int m) {
        return this == PLAIN ? 1.0 : 1.0 / m;
    }

    public static Scaling parse(String text) {
        return Labelled.parse(Scaling.class, "scaling", text);
    }
}
