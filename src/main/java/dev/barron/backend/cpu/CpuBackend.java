package dev.barron.backend.cpu;

import dev.barron.backend.Angles;
import dev.barron.backend.Backend;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.backend.ProxResult;
import dev.barron.backend.SessionSpec;
import dev.barron.backend.TrainingSession;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;

/** The reference backend (skeleton: implemented in the foundation work). */
public final class CpuBackend implements Backend {

    private final Precision precision;

    public CpuBackend(Precision precision) {
        this.precision = precision;
    }

    static String describeDevice(int threads) {
        return System.getProperty("os.arch") + " CPU, " + threads + " threads";
    }

    static String blasName() {
        return dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getSimpleName();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return describeDevice(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public double[] forward(Matrix x, Network net) {
        throw new UnsupportedOperationException("todo");
    }

    @Override
    public Matrix hidden(Matrix x, Network net) {
        throw new UnsupportedOperationException("todo");
    }

    @Override
    public LossGradient populationLossAndGradient(Network net, Teacher teacher) {
        throw new UnsupportedOperationException("todo");
    }

    @Override
    public LossGradient empiricalLossAndGradient(Matrix x, double[] y, Network net) {
        throw new UnsupportedOperationException("todo");
    }

    @Override
    public ProxResult pathNormProx(Network net, double lambda) {
        throw new UnsupportedOperationException("todo");
    }

    @Override
    public ProjectionResult pathNormProject(Network net, double radius, ProjectionMethod method) {
        throw new UnsupportedOperationException("todo");
    }

    @Override
    public Angles angles(Network net, Teacher teacher) {
        throw new UnsupportedOperationException("todo");
    }

    @Override
    public TrainingSession openSession(SessionSpec spec) {
        throw new UnsupportedOperationException("todo");
    }

    @Override
    public void close() {
    }
}
