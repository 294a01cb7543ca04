package dev.barron.experiments;

import dev.barron.io.WeightFiles;
import dev.barron.math.StableAngle;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Labelled;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.Rng;

import java.nio.file.Path;
import java.util.Arrays;

/** Teachers and initialisations, each drawn from its own seeded stream. */
public final class Setups {

    private static final long TEACHER_KEY = 1;
    private static final long INIT_KEY = 2;

    private Setups() {
    }

    public static Teacher teacher(TeacherKind kind, int k, int d, long seed, String vFile, String bFile) {
        switch (kind) {
            case IDENTITY:
                return new Teacher(identityRows(k, d), ones(k));
            case ORTHOGONAL:
                return new Teacher(orthonormalRows(k, d, Rng.stream(seed, TEACHER_KEY)), ones(k));
            case GAUSSIAN: {
                double[] v = new double[k * d];
                Rng.stream(seed, TEACHER_KEY).gaussians(v);
                scale(v, 1.0 / Math.sqrt(d));
                return new Teacher(new Matrix(k, d, v), ones(k));
            }
            case FILES: {
                Matrix v = WeightFiles.readMatrix(Path.of(vFile), "V");
                if (v.rows() != k || v.cols() != d) {
                    throw Check.bad("V", vFile, "expected a " + k + " x " + d + " matrix (k x d), found " + v.rows() + " x " + v.cols());
                }
                double[] b = bFile == null ? ones(k) : WeightFiles.readVector(Path.of(bFile), "b");
                if (b.length != k) {
                    throw Check.bad("b", bFile, "expected length k = " + k + ", found " + b.length);
                }
                return new Teacher(v, b);
            }
            default:
                throw Check.bad("teacher", kind, "allowed: " + Labelled.allowed(TeacherKind.class));
        }
    }

    /**
     * The starting student. W0: gaussian (entries N(0, scale^2)), xavier (N(0, 1/d)) or files;
     * a0: from a file, ones, or balanced (a_i = |w_i|, so that |a_i| = |w_i| as small-init theory assumes).
     */
    public static Network student(InitKind init, double scale, int m, int d, long seed, String wFile, String aFile,
                                  OuterInit outerInit, Scaling scaling, Activation act) {
        Matrix w;
        if (init == InitKind.FILES) {
            w = WeightFiles.readMatrix(Path.of(wFile), "W0");
            if (w.rows() != m || w.cols() != d) {
                throw Check.bad("W0", wFile, "expected an " + m + " x " + d + " matrix (m x d), found " + w.rows() + " x " + w.cols());
            }
        } else {
            double[] x = new double[m * d];
            Rng.stream(seed, INIT_KEY).gaussians(x);
            scale(x, init == InitKind.XAVIER ? 1.0 / Math.sqrt(d) : scale);
            w = new Matrix(m, d, x);
        }
        double[] a;
        if (aFile != null) {
            a = WeightFiles.readVector(Path.of(aFile), "a0");
            if (a.length != m) {
                throw Check.bad("a0", aFile, "expected length m = " + m + ", found " + a.length);
            }
        } else if (outerInit == OuterInit.BALANCED) {
            a = new double[m];
            for (int i = 0; i < m; i++) {
                a[i] = StableAngle.norm(w.data(), i * d, d);
            }
        } else {
            a = ones(m);
        }
        return new Network(w, a, scaling, act);
    }

    static Matrix identityRows(int k, int d) {
        double[] v = new double[k * d];
        for (int j = 0; j < k; j++) {
            v[j * d + j] = 1;
        }
        return new Matrix(k, d, v);
    }

    /** k orthonormal rows: Gram-Schmidt (twice, for orthogonality to rounding) on Gaussian rows. */
    static Matrix orthonormalRows(int k, int d, Rng rng) {
        double[] v = new double[k * d];
        rng.gaussians(v);
        for (int j = 0; j < k; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int t = 0; t < d; t++) {
                        dot += v[j * d + t] * v[p * d + t];
                    }
                    for (int t = 0; t < d; t++) {
                        v[j * d + t] -= dot * v[p * d + t];
                    }
                }
            }
            double n = StableAngle.norm(v, j * d, d);
            for (int t = 0; t < d; t++) {
                v[j * d + t] /= n;
            }
        }
        return new Matrix(k, d, v);
    }

    static double[] ones(int n) {
        double[] x = new double[n];
        Arrays.fill(x, 1.0);
        return x;
    }

    private static void scale(double[] x, double c) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= c;
        }
    }
}
