package dev.barron.backend.cpu;

import dev.barron.math.RowScaling;
import dev.barron.model.Activation;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;

/**
 * A teacher in the backend's precision with what every evaluation against it reuses: the
 * rows rounded to the precision and scaled by powers of two ({@link RowScaling}: v_j = 2^e_j v'_j)
 * for the stable angles, the same scaled rows as BLAS operand, their norms, and the constant
 * 1/2 b^T K(V, V) b of the loss, computed once.
 *
 * @param k         number of teacher neurons
 * @param d         input dimension
 * @param v         the scaled rows v'_j, k x d row-major
 * @param vStore    the same values as GEMM operand
 * @param norms     |v'_j| (the true norm is 2^e_j |v'_j|)
 * @param exponents e_j
 * @param b         outer weights rounded to the precision
 * @param constant  1/2 sum_{j,j'} b_j b_j' kappa(v_j, v_j') (NaN where only angles are needed)
 */
record PreparedTeacher(int k, int d, double[] v, RealArray vStore, double[] norms, int[] exponents, double[] b,
                       double constant) {

    /** |v_j| itself. */
    double trueNorm(int j) {
        return Math.scalb(norms[j], exponents[j]);
    }

    /** The rows rounded to the precision and scaled, for angles only (no loss constant). */
    static PreparedTeacher geometry(Teacher teacher, Precision precision) {
        int k = teacher.size();
        int d = teacher.inputDim();
        RowScaling.Rows rows = RowScaling.of(RealArray.copyOf(precision, teacher.v().data()).toDoubles(), k, d);
        return new PreparedTeacher(k, d, rows.scaled(), RealArray.copyOf(precision, rows.scaled()),
                PairGeometry.rowNorms(rows.scaled(), k, d), rows.exponents(), teacher.b().clone(), Double.NaN);
    }

    /** Rounds the teacher to the precision and computes its loss constant for the activation. */
    static PreparedTeacher of(Teacher teacher, Precision precision, PopulationEvaluator evaluator,
                              Activation activation) {
        PreparedTeacher g = geometry(teacher, precision);
        double[] b = new double[g.k()];
        for (int j = 0; j < g.k(); j++) {
            b[j] = precision.round(teacher.b()[j]);
        }
        double constant = evaluator.teacherConstant(activation, g.vStore(), g.v(), g.norms(), g.exponents(), b,
                g.k(), g.d());
        return new PreparedTeacher(g.k(), g.d(), g.v(), g.vStore(), g.norms(), g.exponents(), b, constant);
    }
}
