package dev.barron.backend.program;

import dev.barron.model.Precision;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a device driver implements: the buffers of one {@link Shape} on its device, and the
 * interpretation of an {@link Operation}'s steps on them. Everything above (which operation
 * when, what the results mean, the projection, the session) is {@link ProgramState}'s.
 */
public interface ProgramDriver extends AutoCloseable {

    /** The per-execution values of one run: the params and the host arrays its writes take. */
    final class Args {

        private final double[] params = new double[ParamSlot.COUNT];
        private final Map<Input, double[]> inputs = new EnumMap<>(Input.class);

        public Args set(ParamSlot p, double value) {
            params[p.slot()] = value;
            return this;
        }

        public Args set(Input in, double[] values) {
            inputs.put(in, values);
            return this;
        }

        public double param(ParamSlot p) {
            return params[p.slot()];
        }

        /** The params in slot order (ParamSlot.slot()). */
        public double[] params() {
            return params.clone();
        }

        public double[] input(Input in) {
            double[] v = inputs.get(in);
            if (v == null) {
                throw new IllegalStateException("no host array " + in + " given for this operation");
            }
            return v;
        }
    }

    Precision precision();

    /** The device in words. */
    String device();

    /**
     * Runs the operation on the current shape; returns what its {@link Step.Read} steps read, in
     * order, concatenated.
     */
    double[] run(Operation op, Args args);

    /**
     * Shapes the buffers for another batch size. The resident buffers may be lost:
     * {@link ProgramState} writes the parameters again with {@link Operation#INIT}.
     */
    void reshape(Shape shape);

    @Override
    void close();

    /** The values of an operation's reads, in order, as one array (what {@link #run} returns). */
    static double[] concat(List<double[]> reads) {
        int total = 0;
        for (double[] r : reads) {
            total += r.length;
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] r : reads) {
            System.arraycopy(r, 0, out, at, r.length);
            at += r.length;
        }
        return out;
    }
}
