package dev.barron.cli;

import dev.barron.io.Npy;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;

/** Input files for command-line tests. */
final class CliFiles {

    private final Path dir;
    private final Random random;

    CliFiles(Path dir, long seed) {
        this.dir = dir;
        this.random = new Random(seed);
    }

    Matrix gaussian(int rows, int cols, double scale) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return new Matrix(rows, cols, v);
    }

    double[] gaussian(int n) {
        return gaussian(1, n, 1).data();
    }

    String npy(String name, Matrix m) {
        try {
            Npy.write(dir.resolve(name), m, Precision.F64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name).toString();
    }

    String npy(String name, double[] v) {
        try {
            Npy.write(dir.resolve(name), v, Precision.F64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name).toString();
    }

    String path(String name) {
        return dir.resolve(name).toString();
    }
}
