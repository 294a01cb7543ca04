package dev.barron.model;

/** The output scaling s of f(x) = s * sum_i a_i sigma(w_i . x). */
public enum Scaling {
    /** s = 1. */
    PLAIN("plain"),
    /** s = 1/m, the scaling of the path-norm (Barron space) theory. */
    MEAN_FIELD("mean-field");

    private final String label;

    Scaling(String label) {
        this.label = label;
    }

    /** The factor s for a network of m hidden neurons. */
    public double factor(int m) {
        return this == PLAIN ? 1.0 : 1.0 / m;
    }

    public String label() {
        return label;
    }

    public static Scaling parse(String text) {
        for (Scaling s : values()) {
            if (s.label.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw Check.bad("scaling", text, "allowed: plain, mean-field");
    }
}
