package dev.barron.backend;

import dev.barron.model.FloatMatrix;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;

import java.util.List;

/**
 * A place where Barron computes. Every implementation has the semantics of the CPU backend,
 * which is the reference; tests hold each one to it.
 */
public interface Backend extends AutoCloseable {

    /** Short name: cpu, opencl, tornado. */
    String name();

    /** The device in words (e.g. "Intel Xeon, 2 threads" or "NVIDIA H200 (OpenCL 3.0)"). */
    String device();

    /** The precision this instance computes in. */
    Precision precision();

    /** Batched forward: f(x_r) for each row of x (n x d), length n. */
    double[] forward(Matrix x, Network net);

    /**
     * {@link #forward(Matrix, Network)} on float data: the same values (floats widen exactly),
     * without the widened copy where the backend reads floats itself (the cpu backend does).
     */
    default double[] forward(FloatMatrix x, Network net) {
        return forward(x == null ? null : x.widened(), net);
    }

    /** Hidden activations sigma(X W^T), n x m. */
    Matrix hidden(Matrix x, Network net);

    /** Population loss 1/2 E[(f - f*)^2] under x ~ N(0, I) and its gradient, in closed form. */
    LossGradient populationLossAndGradient(Network net, Teacher teacher);

    /** Empirical loss 1/(2n) sum_r (f(x_r) - y_r)^2 and its gradient. */
    LossGradient empiricalLossAndGradient(Matrix x, double[] y, Network net);

    /** Exact prox of lambda * ||theta||_P (the mean-field scaling uses lambda * s per neuron). */
    ProxResult pathNormProx(Network net, double lambda);

    /** A feasible point of {||theta||_P &lt;= radius} by the given method. */
    ProjectionResult pathNormProject(Network net, double radius, ProjectionMethod method);

    /** Angles student-teacher (teacher may be null) and student-student. */
    Angles angles(Network net, Teacher teacher);

    /** Opens a device-resident training session. */
    TrainingSession openSession(SessionSpec spec);

    /**
     * Trains many independent runs of one shape (m, k, d) by population GD, each with its own
     * network, teacher, step, stop rules and guard; result i belongs to run i. Each result is
     * what {@link Ensembles#one} gives for that run on this backend, up to the summation order
     * of the products (see the implementing backend). This default trains them one after the
     * other; a backend with a faster engine overrides it.
     */
    default List<EnsembleResult> trainEnsemble(List<EnsembleRun> runs) {
        return trainEnsemble(runs, EnsembleEngine.LANES);
    }

    /** {@link #trainEnsemble(List)} with the engine's arithmetic chosen (docs/ENSEMBLES.md). */
    default List<EnsembleResult> trainEnsemble(List<EnsembleRun> runs, EnsembleEngine engine) {
        return Ensembles.sequential(this, runs);
    }

    /**
     * How many {@link #trainEnsemble} calls may run at once, from as many threads, sharing this
     * backend's cores or device (a sweep then starts its next batches while the last runs of the
     * current one finish). Default: 1, one at a time.
     */
    default int concurrentEnsembles() {
        return 1;
    }

    @Override
    void close();
}
