package dev.barron.backend.tornado;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.BackendException;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.ProxResult;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * Barron on a TornadoVM device: the kernels of kernels/*.cl run as prebuilt tasks of hand-written
 * task graphs (see {@link TornadoState}). A one-off operation uploads its inputs, runs its graph
 * and reads its result; a {@link TornadoSession} keeps the parameters on the device.
 */
public final class TornadoBackend implements Backend {

    private final TornadoDevice device;
    private final Precision precision;

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
    public double[] forward(Matrix x, Network net) {
        requireNetwork(net);
        checkBatch(x, net.inputDim());
        try (TornadoState st = state(net, null)) {
            return st.forward(x, false);
        }
    }

    @Override
    public Matrix hidden(Matrix x, Network net) {
        requireNetwork(net);
        checkBatch(x, net.inputDim());
        try (TornadoState st = state(net, null)) {
            return new Matrix(x.rows(), net.width(), st.forward(x, true));
        }
    }

    @Override
    public LossGradient populationLossAndGradient(Network net, Teacher teacher) {
        if (teacher == null) {
            throw Check.bad("teacher", "null", "the population loss needs a teacher (V, b)");
        }
        requireNetwork(net);
        teacher.requireCompatible(net);
        try (TornadoState st = state(net, teacher)) {
            return lossGradient(st, st.evaluatePopulation()[0]);
        }
    }

    @Override
    public LossGradient empiricalLossAndGradient(Matrix x, double[] y, Network net) {
        requireNetwork(net);
        checkBatch(x, net.inputDim());
        checkTargets(x, y);
        try (TornadoState st = state(net, null)) {
            return lossGradient(st, st.evaluateEmpirical(x, y)[0]);
        }
    }

    @Override
    public ProxResult pathNormProx(Network net, double lambda) {
        requireNetwork(net);
        Check.nonNegative("lambda", lambda);
        try (TornadoState st = state(net, null)) {
            double[] objectiveAndNorm = st.proxToCandidate(lambda);
            return new ProxResult(st.readCandidate(), objectiveAndNorm[0], objectiveAndNorm[1]);
        }
    }

    @Override
    public ProjectionResult pathNormProject(Network net, double radius, ProjectionMethod method) {
        requireNetwork(net);
        try (TornadoState st = state(net, null)) {
            return Projection.project(st, precision, radius, method);
        }
    }

    @Override
    public Angles angles(Network net, Teacher teacher) {
        requireNetwork(net);
        if (teacher != null) {
            teacher.requireCompatible(net);
        }
        try (TornadoState st = state(net, teacher)) {
            return TornadoSession.angles(st);
        }
    }

    @Override
    public TrainingSession openSession(SessionSpec spec) {
        if (spec == null) {
            throw Check.bad("spec", "null", "a session spec is required");
        }
        return new TornadoSession(spec, state(spec.initial(), spec.teacher(), spec.trainOuter()));
    }

    @Override
    public void close() {
        // Device memory belongs to the execution plans, which every operation and session closes.
    }

    private TornadoState state(Network net, Teacher teacher) {
        return state(net, teacher, true);
    }

    private TornadoState state(Network net, Teacher teacher, boolean includeOuter) {
        try {
            return new TornadoState(device, precision, net, teacher, includeOuter);
        } catch (OutOfMemoryError e) {
            throw new BackendException("tornado: out of memory for m = " + net.width() + ", d = " + net.inputDim(), e);
        }
    }

    private static LossGradient lossGradient(TornadoState st, double loss) {
        double[][] g = st.readGradient();
        return new LossGradient(loss, new Matrix(st.m, st.d, g[0]), g[1]);
    }

    private static void requireNetwork(Network net) {
        if (net == null) {
            throw Check.bad("network", "null", "a network is required");
        }
    }

    static void checkBatch(Matrix x, int d) {
        if (x == null) {
            throw Check.bad("X", "null", "a data matrix (n x d) is required");
        }
        if (x.rows() < 1) {
            throw Check.bad("X rows (n)", x.rows(), "the batch needs at least one sample");
        }
        if (x.cols() != d) {
            throw Check.bad("X cols (d)", x.cols(), "must equal the network's input dimension d = " + d);
        }
        Check.finite("X", x.data());
    }

    static void checkTargets(Matrix x, double[] y) {
        if (y == null || y.length != x.rows()) {
            throw Check.bad("y length", y == null ? "null" : y.length, "must equal the number of samples n = " + x.rows());
        }
        Check.finite("y", y);
    }
}
