package dev.barron.backend.program;


import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One step of an operation: a kernel launch, or a transfer between host and device or on the device. */
public sealed interface Step {

    /** What a kernel argument is bound to. */
    sealed interface Value {
    }

    /** A whole named buffer. */
    record BufValue(Buf buf) implements Value {
    }

    /** An int scalar fixed by the shape. */
    record IntValue(int value) implements Value {
    }

    /** A real scalar fixed by the shape. */
    record RealValue(double value) implements Value {
    }

    /** A scalar that changes between executions (a learning rate, lambda, a flag), given at run time. */
    record ParamValue(ParamSlot param) implements Value {
    }

    /**
     * A kernel with its arguments in source order (values.get(p) binds kernel.args().get(p))
     * and its launch shape.
     */
    record Launch(Kernel kernel, List<Value> values, Dims dims) implements Step {
    }

    /** Host array input[from .. from + count) to buf[at .. at + count). */
    record Write(Input input, Buf buf, int at, int count) implements Step {
    }

    /** buf[at .. at + count) back to the host, appended to the operation's results. */
    record Read(Buf buf, int at, int count) implements Step {
    }

    /** src[0 .. count) to dst[0 .. count) on the device. */
    record Copy(Buf src, Buf dst, int count) implements Step {
    }

    /**
     * Binds a kernel's arguments by name, in any order; {@link Binder#on} checks that every parameter
     * is bound once, with a value of its type.
     */
    static Binder launch(Kernel kernel) {
        return new Binder(kernel);
    }

    /** Binds the arguments of one launch. */
    final class Binder {

        private final Kernel kernel;
        private final Value[] values;

        private Binder(Kernel kernel) {
            this.kernel = kernel;
            this.values = new Value[kernel.args().size()];
        }

        Binder buf(String name, Buf buf) {
            return bind(name, new BufValue(buf));
        }

        Binder i(String name, int value) {
            return bind(name, new IntValue(value));
        }

        Binder flag(String name, boolean value) {
            return bind(name, new IntValue(value ? 1 : 0));
        }

        Binder r(String name, double value) {
            return bind(name, new RealValue(value));
        }

        Binder param(String name, ParamSlot param) {
            return bind(name, new ParamValue(param));
        }

        private Binder bind(String name, Value v) {
            int p = kernel.indexOf(name);
            KernelArg arg = kernel.args().get(p);
            boolean fits = switch (arg.type()) {
                case REAL_BUFFER, INT_BUFFER -> v instanceof BufValue;
                case INT -> v instanceof IntValue || v instanceof ParamValue;
                case REAL -> v instanceof RealValue || v instanceof ParamValue;
                case LOCAL -> false;
            };
            if (!fits || values[p] != null) {
                throw new IllegalArgumentException(kernel.source() + "." + name + " (" + arg.type() + "): "
                        + (fits ? "bound twice" : "cannot take " + v));
            }
            values[p] = v;
            return this;
        }

        /** The launch, on the given shape; every parameter must be bound. */
        Launch on(Dims dims) {
            List<String> missing = new ArrayList<>();
            for (int p = 0; p < values.length; p++) {
                if (values[p] == null && kernel.args().get(p).type() != KernelArg.Type.LOCAL) {
                    missing.add(kernel.args().get(p).name());
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(kernel.source() + ": unbound " + missing);
            }
            return new Launch(kernel, Collections.unmodifiableList(Arrays.asList(values.clone())), dims);
        }
    }
}
