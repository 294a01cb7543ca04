package dev.barron.model;

/**
 * The teacher f*(x) = sum_j b_j sigma(v_j . x). It uses the student's activation and no
 * scaling (docs/MATH.md section 1).
 *
 * @param v teacher neurons, k x d
 * @param b teacher outer weights, length k
 */
public record Teacher(Matrix v, double[] b) {

    public Teacher {
        if (v == null) {
            throw Check.bad("V", "null", "a teacher matrix is required");
        }
        if (v.rows() < 1) {
            throw Check.bad("V rows (k)", v.rows(), "the teacher needs at least one neuron");
        }
        if (v.cols() < 1) {
            throw Check.bad("V cols (d)", v.cols(), "the input dimension must be >= 1");
        }
        if (b == null || b.length != v.rows()) {
            throw Check.bad("b length", b == null ? "null" : b.length, "must equal the number of rows of V, k = " + v.rows());
        }
        Check.finite("V", v.data());
        Check.finite("b", b);
    }

    public int size() {
        return v.rows();
    }

    public int inputDim() {
        return v.cols();
    }

    /** Fails unless this teacher lives in the same input dimension as the network. */
    public void requireCompatible(Network net) {
        if (v.cols() != net.inputDim()) {
            throw Check.bad("V cols (d)", v.cols(), "must equal the student's input dimension d = " + net.inputDim());
        }
    }
}
