package dev.barron.backend.opencl;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.BatchChecks;
import dev.barron.backend.EnsembleEngine;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.PathNormProjection;
import dev.barron.backend.ProxResult;
import dev.barron.backend.ResidentSession;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.TrainingSession;
import dev.barron.backend.program.EnsembleHost;
import dev.barron.backend.program.ProgramState;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import dev.barron.train.EnsembleResult;
import dev.barron.train.EnsembleRun;
import dev.barron.train.Ensembles;

import java.util.List;
import java.util.function.Function;

/**
 * Barron on an OpenCL device through JOCL, running the hand-written kernels of kernels/*.cl.
 * One-off calls upload their operands, compute, read the result back and free the buffers;
 * {@link #openSession} keeps the parameters on the device across steps. Calls on one instance
 * are serialised (one command queue); sessions have their own queues.
 */
public final class OpenClBackend implements Backend {

    private final CompiledProgram program;
    private final ClQueue queue;
    private volatile boolean closed;

    OpenClBackend(CompiledProgram program) {
        this.program = program;
        this.queue = new ClQueue(program);
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return program.device().describe();
    }

    @Override
    public Precision precision() {
        return program.real().precision();
    }

    private synchronized <T> T withState(Network net, Teacher teacher, int n, Function<ProgramState, T> op) {
        if (closed) {
            throw new IllegalStateException("the opencl backend is closed");
        }
        if (net == null) {
            throw Check.bad("network", "null", "a network is required");
        }
        try (ProgramState st = new ProgramState(shape -> new ClDriver(queue, false, shape), net, teacher, true, n)) {
            return op.apply(st);
        }
    }

    @Override
    public double[] forward(Matrix x, Network net) {
        requireBatch(x, net, null);
        return withState(net, null, x.rows(), st -> st.forward(x));
    }

    @Override
    public Matrix hidden(Matrix x, Network net) {
        requireBatch(x, net, null);
        return withState(net, null, x.rows(), st -> st.hidden(x));
    }

    private static void requireBatch(Matrix x, Network net, double[] y) {
        if (x == null) {
            throw Check.bad("X", "null", "a data matrix (n x d) is required");
        }
        if (net != null) {
            BatchChecks.batch(x, net.inputDim());
        }
        if (y != null) {
            BatchChecks.targets(x, y);
        }
    }

    @Override
    public LossGradient populationLossAndGradient(Network net, Teacher teacher) {
        if (teacher == null) {
            throw Check.bad("teacher", "null", "the population loss needs a teacher (V, b)");
        }
        return withState(net, teacher, 0, st -> st.readGradient(st.evaluatePopulation().loss()));
    }

    @Override
    public LossGradient empiricalLossAndGradient(Matrix x, double[] y, Network net) {
        if (y == null) {
            throw Check.bad("y", "null", "targets (length n) are required");
        }
        requireBatch(x, net, y);
        return withState(net, null, x.rows(), st -> st.readGradient(st.evaluateEmpirical(x, y).loss()));
    }

    @Override
    public ProxResult pathNormProx(Network net, double lambda) {
        Check.nonNegative("lambda", lambda);
        return withState(net, null, 0, st -> st.prox(lambda));
    }

    @Override
    public ProjectionResult pathNormProject(Network net, double radius, ProjectionMethod method) {
        Check.nonNegative("radius", radius);
        return withState(net, null, 0, st -> PathNormProjection.project(st, radius, method));
    }

    @Override
    public Angles angles(Network net, Teacher teacher) {
        return withState(net, teacher, 0, ProgramState::angles);
    }

    @Override
    public TrainingSession openSession(SessionSpec spec) {
        if (spec == null) {
            throw Check.bad("spec", "null", "a session spec is required");
        }
        ClQueue own = new ClQueue(program);
        try {
            return new ResidentSession(spec, new ProgramState(shape -> new ClDriver(own, true, shape), spec.initial(),
                    spec.teacher(), spec.trainOuter(), 0));
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * f64 relu runs with a constant step go to the device ensemble
     * (kernels/ensemble.cl, {@link ClEnsemble}) for every engine but EXACT; EXACT, and every other
     * list, trains one run after the other with the single-run trainer (docs/ENSEMBLES.md).
     */
    @Override
    public List<EnsembleResult> trainEnsemble(List<EnsembleRun> runs, EnsembleEngine engine) {
        Ensembles.requireOneShape(runs);
        if (closed) {
            throw new IllegalStateException("the opencl backend is closed");
        }
        if (engine == EnsembleEngine.EXACT || !deviceEnsembleCovers(runs)) {
            return Ensembles.sequential(this, runs);
        }
        try (ClQueue own = new ClQueue(program)) {
            return ClEnsemble.train(this, own, runs);
        }
    }

    /**
     * Each device ensemble has its own command queue, so a sweep's next shapes start while the
     * longest runs of the current one finish. On a GPU, up to 16: a batch's last runs hold a few
     * of its multiprocessors for most of the batch's time, and the batches of every shape of a
     * survey fit beside them; one per GiB of device memory at most (EnsembleHost.Slots caps each
     * buffer at 256 MiB, so an ensemble holds about 1 GiB at most). On a CPU device, 3, as the CPU
     * backend. -Dbarron.opencl.ensemblesAtOnce sets it.
     */
    @Override
    public int concurrentEnsembles() {
        OpenClDevice d = program.device();
        int byDevice = d.isAccelerator() ? (int) Math.max(1, Math.min(16, d.memoryBytes() >> 30)) : 3;
        return Math.max(1, Integer.getInteger("barron.opencl.ensemblesAtOnce", byDevice));
    }

    /** Whether {@link #trainEnsemble} trains these runs on the device engine (for engines other than EXACT). */
    public boolean deviceEnsembleCovers(List<EnsembleRun> runs) {
        return EnsembleHost.suits(runs, precision());
    }

    @Override
    public String toString() {
        return "opencl/" + precision().label() + " on " + device();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            queue.close();
        }
    }
}
