package dev.barron.train;

import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TeacherRecoveryTest {

    @Test
    void twoStudentsSplittingOneTeacherRecoverItAndAMissingTeacherIsNotRecovered() {
        // Teacher 1 = 2 relu(e1 . x); students 0 and 1 along e1 carry 1 * 1.2 + 2 * 0.4 = 2.
        Teacher t = new Teacher(Matrix.of(new double[]{2, 0, 0}, new double[]{0, 1, 0}), new double[]{1, 1});
        Network net = new Network(Matrix.of(new double[]{1.2, 0, 0}, new double[]{0.4, 1e-4, 0}, new double[]{0, 0, 1}),
                new double[]{1, 2, 1}, Scaling.PLAIN, Activation.RELU);
        List<TeacherRecovery.Match> m = TeacherRecovery.assess(net, t, new ReferenceBackend().angles(net, t), 0.05, 0.01);
        assertTrue(m.get(0).recovered());
        assertEquals(List.of(0, 1), m.get(0).students());
        assertEquals(2.0, m.get(0).carried(), 1e-6);
        assertFalse(m.get(1).recovered());
        assertEquals(List.of(1), TeacherRecovery.recovered(m));
    }
}
