package dev.barron.backend.cpu;

import dev.barron.backend.Angles;
import dev.barron.math.RowScaling;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

/** Student-teacher and student-student angles from the Gram matrices, with the stable fallback. */
final class AngleEvaluator {

    private AngleEvaluator() {
    }

    /**
     * @param rawW    student rows rounded to the precision, m x d
     * @param teacher the teacher, or null (then the student-teacher matrix is m x 0)
     */
    static Angles angles(Gemm gemm, RowParallel parallel, Precision precision, double[] rawW, int m, int d,
                         PreparedTeacher teacher) {
        int k = teacher == null ? 0 : teacher.k();
        // Angles are scale-free: they come from the rows scaled by powers of two (RowScaling),
        // whose Gram entries neither underflow nor overflow; the reported norms are the true ones.
        RowScaling.Rows rows = RowScaling.of(rawW, m, d);
        double[] w = rows.scaled();
        RealArray wStore = RealArray.operand(precision, w);
        double[] normsW = PairGeometry.rowNorms(w, m, d);
        RealArray studentStudent = gemm.gram(wStore, m, d);
        RealArray studentTeacher = RealArray.allocate(precision, m, k);
        if (k > 0) {
            gemm.multiply(false, true, m, k, d, 1.0, wStore, teacher.vStore(), 0.0, studentTeacher);
        }
        double[] phi = new double[RealArray.checkedSize(m, m)];
        double[] theta = new double[m * k];
        parallel.forRows(m, (m + k) * 30L, (from, to) -> {
            int width = Math.max(m, k);
            double[] gram = new double[width];
            double[] cos = new double[width];
            double[] sin = new double[width];
            double[] row = new double[width];
            for (int i = from; i < to; i++) {
                studentStudent.read(i * m, gram, 0, m);
                PairGeometry.row(gram, normsW[i], normsW, w, i * d, w, d, m, i, row, cos, sin);
                System.arraycopy(row, 0, phi, i * m, m);
                if (k > 0) {
                    studentTeacher.read(i * k, gram, 0, k);
                    PairGeometry.row(gram, normsW[i], teacher.norms(), w, i * d, teacher.v(), d, k, -1, row, cos, sin);
                    System.arraycopy(row, 0, theta, i * k, k);
                }
            }
        });
        studentStudent.release();
        studentTeacher.release();
        double[] trueNorms = new double[m];
        for (int i = 0; i < m; i++) {
            trueNorms[i] = Math.scalb(normsW[i], rows.exponents()[i]);
        }
        return new Angles(new Matrix(m, k, theta), new Matrix(m, m, phi), trueNorms);
    }
}
