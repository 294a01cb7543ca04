package dev.barron.bench;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;

import java.util.SplittableRandom;

/** Seeded problem instances shared by the benchmarks, the same as bench/peers/*.py build. */
final class BenchData {

    private BenchData() {
    }

    /** Parses "a,b,c" (or "axbxc", which JMH -p accepts: it splits its values on commas) into ints. */
    static int[] shape(String text) {
        String[] parts = text.split("[,x]");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }

    static Matrix gaussian(int rows, int cols, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] data = new double[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = scale * gaussian(rng);
        }
        return new Matrix(rows, cols, data);
    }

    static double[] ones(int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0);
        return x;
    }

    static Network student(int m, int d, long seed) {
        return Network.relu(gaussian(m, d, 1.0 / Math.sqrt(d), seed), ones(m));
    }

    static Teacher teacher(int k, int d, long seed) {
        return new Teacher(gaussian(k, d, 1.0 / Math.sqrt(d), seed), ones(k));
    }

    static Backend open(String name, String precision) {
        BackendOptions options = BackendOptions.of(Precision.parse(precision));
        return Backends.open(name, options, null, System.err::println);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
