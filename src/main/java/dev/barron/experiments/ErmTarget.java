package dev.barron.experiments;

import dev.barron.math.PathNorms;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.train.Rng;

/** The function f* that ERM learns: a relu teacher network (plain scaling, docs/MATH.md section 1). */
public sealed interface ErmTarget permits ErmTarget.Random, ErmTarget.Given {

    /** The teacher itself, drawn from the seed where it is random. */
    Teacher teacher(int d, long seed);

    /** Its l1 path norm sum_j |b_j| ||v_j||_1, known before it is drawn. */
    double pathNorm();

    /**
     * k neurons with Gaussian directions and random output signs, each balanced
     * (|b_j| = ||v_j||_1) and scaled so that the path norm is exactly pathNorm: the size of f*
     * in the norm that the ball constrains is stated, not found.
     */
    record Random(int k, double pathNorm) implements ErmTarget {
        private static final long TARGET_KEY = 0x7461726765L;

        public Random {
            Check.positive("target-width", k);
            Check.positive("target-path-norm", pathNorm);
            if (!Double.isFinite(pathNorm)) {
                throw Check.bad("target-path-norm", pathNorm, "must be finite");
            }
        }

        @Override
        public Teacher teacher(int d, long seed) {
            Rng rng = Rng.stream(seed, TARGET_KEY);
            double[] v = new double[k * d];
            rng.gaussians(v);
            double[] b = new double[k];
            for (int j = 0; j < k; j++) {
                double l1 = PathNorms.l1Row(v, j * d, d);
                // |b_j| ||v_j||_1 = pathNorm / k with |b_j| = ||v_j||_1: rows scaled to l1 norm sqrt(pathNorm / k)
                double c = Math.sqrt(pathNorm / k) / l1;
                for (int t = 0; t < d; t++) {
                    v[j * d + t] *= c;
                }
                b[j] = (rng.nextDouble() < 0.5 ? -1 : 1) * Math.sqrt(pathNorm / k);
            }
            return new Teacher(new Matrix(k, d, v), b);
        }
    }

    /** A teacher read from files; its path norm is computed. */
    record Given(Teacher teacher) implements ErmTarget {
        public Given {
            if (teacher == null) {
                throw Check.bad("target", "null", "a teacher is required");
            }
        }

        @Override
        public Teacher teacher(int d, long seed) {
            if (d != teacher.inputDim()) {
                throw Check.bad("d", d, "must equal the teacher's input dimension " + teacher.inputDim());
            }
            return teacher;
        }

        @Override
        public double pathNorm() {
            return PathNorms.l1(asNetwork(teacher));
        }
    }

    /** f* as a network, for the batched forward. */
    static Network asNetwork(Teacher t) {
        return new Network(t.v(), t.b(), Scaling.PLAIN, Activation.RELU);
    }
}
