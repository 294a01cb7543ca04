package dev.barron.model;

/**
 * A two-layer network f(x) = s * sum_i a_i sigma(w_i . x).
 *
 * @param w          first layer, m x d, row i is neuron w_i
 * @param a          outer weights, length m
 * @param scaling    output scaling s (plain 1 or mean-field 1/m)
 * @param activation hidden activation sigma
 */
public record Network(Matrix w, double[] a, Scaling scaling, Activation activation) {

    public Network {
        if (w == null) {
            throw Check.bad("W", "null", "a first-layer matrix is required");
        }
        if (w.rows() < 1) {
            throw Check.bad("W rows (m)", w.rows(), "the network needs at least one neuron");
        }
        if (w.cols() < 1) {
            throw Check.bad("W cols (d)", w.cols(), "the input dimension must be >= 1");
        }
        if (a == null || a.length != w.rows()) {
            throw Check.bad("a length", a == null ? "null" : a.length, "must equal the number of rows of W, m = " + w.rows());
        }
        if (scaling == null) {
            throw Check.bad("scaling", "null", "allowed: plain, mean-field");
        }
        if (activation == null) {
            throw Check.bad("activation", "null", "allowed: relu, step, erf, relu2");
        }
        Check.finite("W", w.data());
        Check.finite("a", a);
    }

    /** A plain-scaled ReLU network. */
    public static Network relu(Matrix w, double[] a) {
        return new Network(w, a, Scaling.PLAIN, Activation.RELU);
    }

    public int width() {
        return w.rows();
    }

    public int inputDim() {
        return w.cols();
    }

    /** The factor s for this width. */
    public double scale() {
        return scaling.factor(width());
    }

    public Network withWeights(Matrix newW, double[] newA) {
        return new Network(newW, newA, scaling, activation);
    }
}
