package dev.barron.backend;

import dev.barron.math.StableAngle;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Backend angles: a nearly parallel pair (1e-7 rad), a nearly antiparallel pair (pi - 1e-7),
 * a zero neuron (pi/2 by convention) and generic pairs, against the reference
 * 2 atan2(|u - e|, |u + e|) of the exact construction angle.
 */
class AnglesTest {

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#all")
    void anglesKeepRelativeAccuracyNearZeroAndPi(Backend backend) {
        if (backend.precision() != Precision.F64) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(83);
        int d = 7;
        double theta = 3e-7;
        double[] e1 = unit(Fixtures.gaussian(rng, d, 1.0));
        double[] e2 = orthogonalUnit(e1, Fixtures.gaussian(rng, d, 1.0));
        double[] w = new double[4 * d];
        for (int t = 0; t < d; t++) {
            w[t] = 1.3 * e1[t];
            w[d + t] = 0.7 * (Math.cos(theta) * e1[t] + Math.sin(theta) * e2[t]);
            w[2 * d + t] = -2.1 * (Math.cos(theta) * e1[t] - Math.sin(theta) * e2[t]);
            w[3 * d + t] = 0;
        }
        Network net = Network.relu(new Matrix(4, d, w), new double[]{1, 1, 1, 1});
        Teacher teacher = new Teacher(new Matrix(1, d, scaled(e2, 0.5)), new double[]{1});
        Angles angles = backend.angles(net, teacher);
        Matrix phi = angles.studentStudent();
        assertEquals(theta, phi.get(0, 1), 1e-7 * theta, "nearly parallel");
        assertEquals(theta, phi.get(1, 0), 1e-7 * theta, "nearly parallel (transposed)");
        assertEquals(Math.PI - theta, phi.get(0, 2), 1e-15, "nearly antiparallel");
        assertEquals(2 * theta, Math.PI - phi.get(1, 2), 1e-7 * theta, "pi minus the angle near pi");
        assertEquals(0.5 * Math.PI, phi.get(0, 3), 1e-15, "zero neuron");
        assertEquals(0, phi.get(2, 2), 0, "self");
        assertEquals(0.5 * Math.PI - theta, angles.studentTeacher().get(1, 0), 1e-12);
        assertEquals(0.5 * Math.PI, angles.studentTeacher().get(0, 0), 1e-12);
        assertEquals(1.3, angles.studentNorms()[0], 1e-14);
        assertEquals(0, angles.studentNorms()[3], 0);
        Angles noTeacher = backend.angles(net, null);
        assertEquals(0, noTeacher.studentTeacher().cols());
        assertEquals(StableAngle.between(net.w().row(1), net.w().row(2)), noTeacher.studentStudent().get(1, 2), 1e-15);
    }

    private static double[] scaled(double[] x, double c) {
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            y[t] = c * x[t];
        }
        return y;
    }

    private static double[] unit(double[] x) {
        return scaled(x, 1 / StableAngle.norm(x, 0, x.length));
    }

    private static double[] orthogonalUnit(double[] e, double[] x) {
        double dot = 0;
        for (int t = 0; t < x.length; t++) {
            dot += e[t] * x[t];
        }
        double[] y = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            y[t] = x[t] - dot * e[t];
        }
        return unit(y);
    }
}
