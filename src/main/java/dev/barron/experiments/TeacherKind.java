package dev.barron.experiments;

import dev.barron.model.Labelled;

/** Where the teacher's rows V come from (b = 1 unless read from a file). */
public enum TeacherKind implements Labelled {
    /** Random orthonormal rows (Gram-Schmidt on Gaussian rows); needs k &lt;= d. */
    ORTHOGONAL,
    /** V = (e_1, ..., e_k); needs k &lt;= d. */
    IDENTITY,
    /** Rows with entries N(0, 1/d). */
    GAUSSIAN,
    /** V (and optionally b) read from .npy or .csv files. */
    FILES;

    public static TeacherKind parse(String text) {
        return Labelled.parse(TeacherKind.class, "teacher", text);
    }
}
