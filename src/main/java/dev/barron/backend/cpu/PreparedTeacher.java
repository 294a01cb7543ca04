package dev.barron.backend.cpu;

import dev.barron.model.Activation;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;

/**
 * A teacher in the backend's precision with what every evaluation against it reuses: the
 * rows rounded to the precision (for the stable angles), the same rows as BLAS operand, the
 * norms, and the constant 1/2 b^T K(V, V) b of the loss, computed once.
 *
 * @param k        number of teacher neurons
 * @param d        input dimension
 * @param v        rows v_j rounded to the precision, k x d row-major
 * @param vStore   the same values as GEMM operand
 * @param norms    |v_j|
 * @param b        outer weights rounded to the precision
 * @param constant 1/2 sum_{j,j'} b_j b_j' kappa(v_j, v_j') (NaN where only angles are needed)
 */
record PreparedTeacher(int k, int d, double[] v, RealArray vStore, double[] norms, double[] b, double constant) {

    /** Rounds the teacher to the precision and computes its loss constant for the activation. */
    static PreparedTeacher of(Teacher teacher, Precision precision, PopulationEvaluator evaluator,
                              Activation activation) {
        int k = teacher.size();
        int d = teacher.inputDim();
        RealArray store = RealArray.copyOf(precision, teacher.v().data());
        double[] v = store.toDoubles();
        double[] b = new double[k];
        for (int j = 0; j < k; j++) {
            b[j] = precision.round(teacher.b()[j]);
        }
        double[] norms = PairGeometry.rowNorms(v, k, d);
        double constant = evaluator.teacherConstant(activation, store, v, norms, b, k, d);
        return new PreparedTeacher(k, d, v, store, norms, b, constant);
    }
}
