package dev.barron.testing;

import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;

import java.util.SplittableRandom;

/** Seeded random networks, teachers and data for the tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Matrix gaussian(SplittableRandom rng, int rows, int cols, double scale) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = scale * rng.nextGaussian();
        }
        return new Matrix(rows, cols, d);
    }

    public static double[] gaussian(SplittableRandom rng, int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = scale * rng.nextGaussian();
        }
        return d;
    }

    public static double[] constant(int n, double value) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, value);
        return d;
    }

    public static Network network(SplittableRandom rng, int m, int d, Scaling scaling, Activation act) {
        return new Network(gaussian(rng, m, d, 1 / Math.sqrt(d)), gaussian(rng, m, 1.0), scaling, act);
    }

    public static Teacher teacher(SplittableRandom rng, int k, int d) {
        return new Teacher(gaussian(rng, k, d, 1 / Math.sqrt(d)), gaussian(rng, k, 1.0));
    }

    /** The teacher as a plain network, to evaluate f* with a backend's forward pass. */
    public static Network asNetwork(Teacher t, Activation act) {
        return new Network(t.v(), t.b(), Scaling.PLAIN, act);
    }

    /** A copy of the network with W[i][t] moved by h. */
    public static Network shiftW(Network net, int i, int t, double h) {
        double[] w = net.w().data().clone();
        w[i * net.inputDim() + t] += h;
        return net.withWeights(new Matrix(net.width(), net.inputDim(), w), net.a());
    }

    /** A copy of the network with a[i] moved by h. */
    public static Network shiftA(Network net, int i, double h) {
        double[] a = net.a().clone();
        a[i] += h;
        return net.withWeights(net.w(), a);
    }
}
