package dev.barron.train;

import dev.barron.backend.Angles;
import dev.barron.math.StableAngle;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Teacher;

import java.util.ArrayList;
import java.util.List;

/**
 * Which teachers the student recovered (docs/MATH.md section 7.1). Student i is aligned with teacher j
 * when theta_ij &lt;= alignAngle. By positive homogeneity an aligned student computes
 * s a_i |w_i| relu(e_j . x), so teacher j, which computes b_j |v_j| relu(e_j . x), is recovered
 * when the carried weight sum_{aligned i} s a_i |w_i| is within tolerance (relative) of b_j |v_j|.
 */
public final class TeacherRecovery {

    /** The verdict for one teacher: carried weight, its target, and the aligned students (0-based). */
    public record Match(int teacher, double carried, double target, List<Integer> students, boolean recovered) {
    }

    private TeacherRecovery() {
    }

    public static List<Match> assess(Network net, Teacher teacher, Angles angles, double alignAngle, double tolerance) {
        Check.positive("align-angle", alignAngle);
        Check.positive("recovery-tolerance", tolerance);
        Matrix theta = angles.studentTeacher();
        double[] norms = angles.studentNorms();
        double s = net.scale();
        List<Match> out = new ArrayList<>();
        for (int j = 0; j < teacher.size(); j++) {
            double target = teacher.b()[j] * StableAngle.norm(teacher.v().data(), j * teacher.inputDim(), teacher.inputDim());
            double carried = 0;
            List<Integer> students = new ArrayList<>();
            for (int i = 0; i < net.width(); i++) {
                if (theta.get(i, j) <= alignAngle) {
                    carried += s * net.a()[i] * norms[i];
                    students.add(i);
                }
            }
            boolean ok = !students.isEmpty() && Math.abs(carried - target) <= tolerance * Math.abs(target);
            out.add(new Match(j, carried, target, List.copyOf(students), ok));
        }
        return out;
    }

    /** 1-based indices of the recovered teachers, as the reports print them. */
    public static List<Integer> recovered(List<Match> matches) {
        List<Integer> r = new ArrayList<>();
        for (Match m : matches) {
            if (m.recovered()) {
                r.add(m.teacher() + 1);
            }
        }
        return r;
    }
}
