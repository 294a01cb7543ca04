package dev.barron.backend.tornado;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.BackendException;
import dev.barron.backend.BatchChecks;
import dev.barron.backend.EnsembleEngine;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.PathNormProjection;
import dev.barron.backend.ProjectionResult;
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
import uk.ac.manchester.tornado.api.common.TornadoDevice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Barron on a TornadoVM device: the kernels of kernels/*.cl run as prebuilt tasks of the task
 * graphs {@link TornadoDriver} builds from the operation descriptions. A one-off operation
 * loads its inputs into a kept state of its shape, runs its graphs and reads its result; a
 * session keeps the parameters on the device.
 */
public final class TornadoBackend implements Backend {

    /** One-off operations keep this many plans (by shape), least recently used first out. */
    private static final int CACHED_STATES = 4;

    private final TornadoDevice device;
    private final Precision precision;
    private final Map<String, ProgramState> cache = new LinkedHashMap<>();

    TornadoBackend(TornadoDevice device, Precision precision) {
        this.device = device;
        this.precision = precision;
    }

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String device() {
        return device.getPhysicalDevice().getDeviceName() + " (TornadoVM " + TornadoPlatform.version()
                + ", OpenCL backend, " + device.getPlatformName() + ")";
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public synchronized double[] forward(Matrix x, Network net) {
        requireNetwork(net);
        BatchChecks.batch(x, net.inputDim());
        return state(net, null, x.rows()).forward(x);
    }

    @Override
    public synchronized Matrix hidden(Matrix x, Network net) {
        requireNetwork(net);
        BatchChecks.batch(x, net.inputDim());
        return state(net, null, x.rows()).hidden(x);
    }

    @Override
    public synchronized LossGradient populationLossAndGradient(Network net, Teacher teacher) {
        if (teacher == null) {
            throw Check.bad("teacher", "null", "the population loss needs a teacher (V, b)");
        }
        requireNetwork(net);
        teacher.requireCompatible(net);
        ProgramState st = state(net, teacher, 0);
        return st.readGradient(st.evaluatePopulation().loss());
    }

    @Override
    public synchronized LossGradient empiricalLossAndGradient(Matrix x, double[] y, Network net) {
        requireNetwork(net);
        BatchChecks.batch(x, net.inputDim());
        BatchChecks.targets(x, y);
        ProgramState st = state(net, null, x.rows());
        return st.readGradient(st.evaluateEmpirical(x, y).loss());
    }

    @Override
    public synchronized ProxResult pathNormProx(Network net, double lambda) {
        requireNetwork(net);
        Check.nonNegative("lambda", lambda);
        return state(net, null, 0).prox(lambda);
    }

    @Override
    public synchronized ProjectionResult pathNormProject(Network net, double radius, ProjectionMethod method) {
        requireNetwork(net);
        return PathNormProjection.project(state(net, null, 0), radius, method);
    }

    @Override
    public synchronized Angles angles(Network net, Teacher teacher) {
        requireNetwork(net);
        if (teacher != null) {
            teacher.requireCompatible(net);
        }
        return state(net, teacher, 0).angles();
    }

    @Override
    public TrainingSession openSession(SessionSpec spec) {
        if (spec == null) {
            throw Check.bad("spec", "null", "a session spec is required");
        }
        return new ResidentSession(spec, open(spec.initial(), spec.teacher(), spec.trainOuter(), 0));
    }

    /**
     * f64 relu runs with a constant step go to the device ensemble ({@link TornadoEnsemble},
     * kernels/ensemble.cl) for every engine but EXACT; EXACT, and every other list, trains one run
     * after the other with the single-run trainer (docs/ENSEMBLES.md).
     */
    @Override
    public synchronized List<EnsembleResult> trainEnsemble(List<EnsembleRun> runs, EnsembleEngine engine) {
        Ensembles.requireOneShape(runs);
        if (engine == EnsembleEngine.EXACT || !EnsembleHost.suits(runs, precision)) {
            return Ensembles.sequential(this, runs);
        }
        return TornadoEnsemble.train(this, device, precision, runs);
    }

    @Override
    public synchronized void close() {
        for (ProgramState st : cache.values()) {
            st.close();
        }
        cache.clear();
    }

    /**
     * A state for a one-off operation: one kept from an earlier operation of the same shape
     * (loaded with these parameters), else a new one. Building a plan costs the kernel builds
     * of all its graphs, so a finite-difference loop must not pay it per call. A new state is
     * shaped for n samples (0: none), so that a one-off batch operation builds one plan.
     */
    private synchronized ProgramState state(Network net, Teacher teacher, int n) {
        String key = net.width() + "x" + net.inputDim() + "/" + (teacher == null ? 0 : teacher.size()) + "/"
                + net.activation() + "/" + net.scaling();
        ProgramState st = cache.remove(key);
        if (st == null) {
            st = open(net, teacher, true, n);
        } else {
            st.write(net);
            st.writeTeacher(teacher);
        }
        cache.put(key, st);
        while (cache.size() > CACHED_STATES) {
            String eldest = cache.keySet().iterator().next();
            cache.remove(eldest).close();
        }
        return st;
    }

    private ProgramState open(Network net, Teacher teacher, boolean includeOuter, int n) {
        try {
            return new ProgramState(shape -> new TornadoDriver(device, precision, shape), net, teacher, includeOuter,
                    n);
        } catch (OutOfMemoryError e) {
            throw new BackendException("tornado: out of memory for m = " + net.width() + ", d = " + net.inputDim(), e);
        }
    }

    private static void requireNetwork(Network net) {
        if (net == null) {
            throw Check.bad("network", "null", "a network is required");
        }
    }
}
