package dev.barron.backend.program;

import dev.barron.backend.Angles;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProxResult;
import dev.barron.backend.ResidentState;
import dev.barron.backend.StepStats;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A network (and optionally a teacher) resident on a device, driven by the operations of
 * {@link Operation} through any {@link ProgramDriver}: the meaning of every operation's results
 * is read here once. Only what an operation reads crosses to the host: three scalars per
 * evaluation, four per path norm or bisection step, nothing per update step; the parameters,
 * gradient and angles only when asked for.
 */
public final class ProgramState implements ResidentState {

    private final ProgramDriver driver;
    private final Network shapeNet;
    private Teacher teacher;
    private Shape shape;

    /**
     * Opens a driver on the shape of (net, teacher) with batch operations for n samples (0: none)
     * and writes the parameters.
     */
    public ProgramState(Function<Shape, ProgramDriver> open, Network net, Teacher teacher, boolean includeOuter,
                        int n) {
        if (teacher != null) {
            teacher.requireCompatible(net);
        }
        this.shapeNet = net;
        this.teacher = teacher;
        this.shape = new Shape(net.width(), teacher == null ? 0 : teacher.size(), net.inputDim(), n, net.scale(),
                KernelConstants.activationCode(net.activation()), includeOuter);
        this.driver = open.apply(shape);
        try {
            init(net);
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    private void init(Network net) {
        ProgramDriver.Args args = new ProgramDriver.Args().set(Input.W, net.w().data()).set(Input.A, net.a());
        if (teacher != null) {
            args.set(Input.V, teacher.v().data()).set(Input.B, teacher.b());
        }
        driver.run(Operation.INIT, args);
    }

    private double[] run(Operation op) {
        return driver.run(op, new ProgramDriver.Args());
    }

    private double[] run(Operation op, ParamSlot p, double value) {
        return driver.run(op, new ProgramDriver.Args().set(p, value));
    }

    @Override
    public Network shape() {
        return shapeNet;
    }

    @Override
    public Precision precision() {
        return driver.precision();
    }

    @Override
    public boolean hasTeacher() {
        return shape.k() > 0;
    }

    public String device() {
        return driver.device();
    }

    /** Shapes the batch operations for n samples, keeping the parameters. */
    private void batch(int n) {
        if (shape.n() == n) {
            return;
        }
        Network current = read();
        shape = shape.withBatch(n);
        driver.reshape(shape);
        init(current);
    }

    @Override
    public StepStats evaluatePopulation() {
        if (!hasTeacher()) {
            throw new IllegalStateException("the population objective needs a teacher");
        }
        return stats(run(Operation.POPULATION));
    }

    @Override
    public StepStats evaluateEmpirical(Matrix x, double[] y) {
        batch(x.rows());
        return stats(driver.run(Operation.EMPIRICAL, new ProgramDriver.Args().set(Input.X, x.data()).set(Input.Y, y)));
    }

    private static StepStats stats(double[] s) {
        return new StepStats(s[0], s[1], s[2]);
    }

    /** The gradient of the last evaluation, with its loss. */
    public LossGradient readGradient(double loss) {
        double[] g = run(Operation.READ_GRADIENT);
        int md = shape.md();
        return new LossGradient(loss, new Matrix(shape.m(), shape.d(), Arrays.copyOf(g, md)),
                Arrays.copyOfRange(g, md, md + shape.m()));
    }

    /** Predictions s sum_i a_i sigma(w_i . x_r) of every row of x. */
    public double[] forward(Matrix x) {
        batch(x.rows());
        return driver.run(Operation.FORWARD, new ProgramDriver.Args().set(Input.X, x.data()));
    }

    /** sigma(X W^T), n x m. */
    public Matrix hidden(Matrix x) {
        batch(x.rows());
        return new Matrix(x.rows(), shape.m(), driver.run(Operation.HIDDEN, new ProgramDriver.Args().set(Input.X, x.data())));
    }

    @Override
    public void step(double learningRate) {
        run(Operation.STEP, ParamSlot.LR, learningRate);
    }

    @Override
    public Network read() {
        return network(run(Operation.READ), 0);
    }

    private Network network(double[] values, int from) {
        int md = shape.md();
        return shapeNet.withWeights(new Matrix(shape.m(), shape.d(), Arrays.copyOfRange(values, from, from + md)),
                Arrays.copyOfRange(values, from + md, from + md + shape.m()));
    }

    @Override
    public void write(Network network) {
        driver.run(Operation.WRITE, new ProgramDriver.Args().set(Input.W, network.w().data()).set(Input.A, network.a()));
    }

    /**
     * Replaces the teacher by one of the same size; the same object again needs nothing (teachers,
     * like matrices, are not mutated once handed on).
     */
    public void writeTeacher(Teacher newTeacher) {
        if (newTeacher == null || newTeacher == teacher) {
            return;
        }
        newTeacher.requireCompatible(shapeNet);
        if (newTeacher.size() != shape.k()) {
            throw new IllegalArgumentException("teacher size " + newTeacher.size() + " != the state's k = " + shape.k());
        }
        teacher = newTeacher;
        driver.run(Operation.WRITE_TEACHER,
                new ProgramDriver.Args().set(Input.V, newTeacher.v().data()).set(Input.B, newTeacher.b()));
    }

    @Override
    public double pathNormL1() {
        return shape.scale() * run(Operation.PATH_NORM)[0];
    }

    /** The exact prox of lambda * ||theta||_P (lambda s per neuron), the parameters left alone. */
    public ProxResult prox(double lambda) {
        double[] r = driver.run(Operation.PROX, proxArgs(lambda, false, true));
        int scalars = shape.md() + shape.m();
        return new ProxResult(network(r, 0), r[scalars + 2], shape.scale() * r[scalars]);
    }

    private ProgramDriver.Args proxArgs(double lambda, boolean sorted, boolean writeResult) {
        return new ProgramDriver.Args().set(ParamSlot.LAMBDA, lambda * shape.scale())
                .set(ParamSlot.SORTED, sorted ? 1 : 0).set(ParamSlot.WRITE, writeResult ? 1 : 0);
    }

    @Override
    public Angles angles() {
        int m = shape.m();
        int k = shape.k();
        int rows = shape.rows();
        double[] r = run(Operation.ANGLES);
        double[] ss = new double[m * m];
        double[] st = new double[m * k];
        for (int i = 0; i < m; i++) {
            System.arraycopy(r, i * rows, ss, i * m, m);
            System.arraycopy(r, i * rows + m, st, i * k, k);
        }
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) {
            norms[i] = Math.scalb(r[m * rows + i], (int) r[m * rows + m + i]);
        }
        return new Angles(new Matrix(m, k, st), new Matrix(m, m, ss), norms);
    }

    @Override
    public void saveForProjection() {
        run(Operation.PROJECTION_SAVE);
    }

    @Override
    public void rescale(double factor) {
        run(Operation.RESCALE, ParamSlot.FACTOR, factor);
    }

    @Override
    public void l1Outer(double radius) {
        run(Operation.L1_OUTER, ParamSlot.RADIUS, radius / shape.scale());
    }

    @Override
    public double proxOwnNorm(double lambda, boolean sorted) {
        return shape.scale() * driver.run(Operation.PROX_STEP, proxArgs(lambda, sorted, false))[1];
    }

    @Override
    public void acceptProx(double lambda) {
        driver.run(Operation.PROX_STEP, proxArgs(lambda, false, true));
        run(Operation.ACCEPT_CANDIDATE);
    }

    @Override
    public double projectedNorm() {
        return shape.scale() * run(Operation.PROJECTION_NORMS)[0];
    }

    @Override
    public double shrinkOuter(double factor) {
        return shape.scale() * run(Operation.SHRINK_OUTER, ParamSlot.FACTOR, factor)[0];
    }

    @Override
    public double distanceFromSaved() {
        return run(Operation.PROJECTION_DISTANCE)[3];
    }

    @Override
    public void close() {
        driver.close();
    }
}
