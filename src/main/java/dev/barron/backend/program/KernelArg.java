package dev.barron.backend.program;

/**
 * One parameter of a kernel entry of kernels/*.cl, as the source declares it.
 *
 * @param name the parameter's name in the .cl source
 * @param type what crosses: a buffer, a scalar or local memory
 * @param role for buffers, whether the kernel reads it (const in the source), writes it, or both
 */
public record KernelArg(String name, Type type, Role role) {

    /** What an argument carries. */
    public enum Type {
        /** GLOBAL (const) real*: a device array of reals. */
        REAL_BUFFER,
        /** GLOBAL (const) int*: a device array of ints. */
        INT_BUFFER,
        /** real: a scalar in the device precision. */
        REAL,
        /** int: a scalar. */
        INT,
        /** LOCAL_PTR real*: work-group local memory, sized by the launch. */
        LOCAL;

        public boolean isBuffer() {
            return this == REAL_BUFFER || this == INT_BUFFER;
        }
    }

    /** How a kernel uses a buffer; scalars are always {@link #IN}. */
    public enum Role {
        /** Read only (declared const). */
        IN,
        /** Written, not read. */
        OUT,
        /** Read and written. */
        INOUT
    }

    static KernelArg in(String name) {
        return new KernelArg(name, Type.REAL_BUFFER, Role.IN);
    }

    static KernelArg out(String name) {
        return new KernelArg(name, Type.REAL_BUFFER, Role.OUT);
    }

    static KernelArg inout(String name) {
        return new KernelArg(name, Type.REAL_BUFFER, Role.INOUT);
    }

    static KernelArg i(String name) {
        return new KernelArg(name, Type.INT, Role.IN);
    }

    static KernelArg r(String name) {
        return new KernelArg(name, Type.REAL, Role.IN);
    }
}
