package dev.barron.train;

import dev.barron.model.Check;
import dev.barron.model.Matrix;

/** What gradient descent minimises. */
public sealed interface Objective permits Objective.Population, Objective.OnlineSgd, Objective.Minibatch {

    /** The closed-form population loss against the teacher (full-batch GD). */
    record Population() implements Objective {
    }

    /** SGD on the empirical loss of batchSize fresh Gaussian inputs per step, labelled by the teacher. */
    record OnlineSgd(int batchSize) implements Objective {
        public OnlineSgd {
            Check.positive("batch", batchSize);
        }
    }

    /**
     * SGD on minibatches of a fixed data set (x: n x d, y: length n), reshuffled every epoch.
     * The order of epoch e depends only on (seed, e), so a resumed run sees the same batches.
     */
    record Minibatch(Matrix x, double[] y, int batchSize) implements Objective {
        public Minibatch {
            Check.positive("batch", batchSize);
            if (y.length != x.rows()) {
                throw Check.bad("y length", y.length, "must equal the number of samples n = " + x.rows());
            }
            if (batchSize > x.rows()) {
                throw Check.bad("batch", batchSize, "must be <= the number of samples n = " + x.rows());
            }
        }
    }

    static Objective population() {
        return new Population();
    }

    default boolean isPopulation() {
        return this instanceof Population;
    }
}
