package dev.barron.backend;

import dev.barron.model.Matrix;

/**
 * Angles in radians, computed with the stable formula.
 *
 * @param studentTeacher theta_ij = angle(w_i, v_j), m x k (k = 0 without a teacher)
 * @param studentStudent phi_ii' = angle(w_i, w_i'), m x m
 * @param studentNorms   |w_i|, length m
 */
public record Angles(Matrix studentTeacher, Matrix studentStudent, double[] studentNorms) {

    /** max_i cos(theta_ij) for each teacher j: how well the best student aligns with it. */
    public double[] bestCosinePerTeacher() {
        int m = studentTeacher.rows();
        int k = studentTeacher.cols();
        double[] best = new double[k];
        for (int j = 0; j < k; j++) {
            double b = -1;
            for (int i = 0; i < m; i++) {
                b = Math.max(b, Math.cos(studentTeacher.get(i, j)));
            }
            best[j] = b;
        }
        return best;
    }
}
