package dev.barron.backend.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One command queue on a compiled program, with its own kernel objects (kernel arguments are
 * per object, so a queue is used by one thread at a time) and the buffers it allocated.
 * Every OpenCL failure leaves as a {@link dev.barron.backend.BackendException} naming what failed.
 */
final class ClQueue implements AutoCloseable {

    final CompiledProgram program;
    final RealType real;
    private final cl_command_queue queue;
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final List<DeviceBuffer> buffers = new ArrayList<>();

    @SuppressWarnings("deprecation")
    ClQueue(CompiledProgram program) {
        this.program = program;
        this.real = program.real();
        try {
            this.queue = CL.clCreateCommandQueue(program.context(), program.device().id(), 0, null);
        } catch (CLException e) {
            throw fail(e, "creating a command queue");
        }
    }

    String device() {
        return program.device().describe();
    }

    RuntimeException fail(CLException e, String what) {
        return ClErrors.wrap(e, what, device());
    }

    /** A device array of count reals (at least one, so that empty shapes need no special case). */
    DeviceBuffer alloc(long count) {
        long n = Math.max(1, count);
        try {
            cl_mem mem = CL.clCreateBuffer(program.context(), CL.CL_MEM_READ_WRITE, n * real.bytes(), null, null);
            DeviceBuffer b = new DeviceBuffer(mem, n);
            buffers.add(b);
            return b;
        } catch (CLException e) {
            throw fail(e, "allocating " + (n * real.bytes() >> 10) + " KiB");
        }
    }

    void write(DeviceBuffer b, long offset, double[] values, int from, int count) {
        if (count == 0) {
            return;
        }
        try {
            CL.clEnqueueWriteBuffer(queue, b.mem, CL.CL_TRUE, offset * real.bytes(), (long) count * real.bytes(),
                    real.pack(values, from, count), 0, null, null);
        } catch (CLException e) {
            throw fail(e, "writing to the device");
        }
    }

    void write(DeviceBuffer b, double[] values) {
        write(b, 0, values, 0, values.length);
    }

    double[] read(DeviceBuffer b, long offset, int count) {
        RealType.Readback r = real.readback(count);
        if (count == 0) {
            return new double[0];
        }
        try {
            CL.clEnqueueReadBuffer(queue, b.mem, CL.CL_TRUE, offset * real.bytes(), (long) count * real.bytes(),
                    r.pointer(), 0, null, null);
        } catch (CLException e) {
            throw fail(e, "reading from the device");
        }
        return r.values();
    }

    void copy(DeviceBuffer src, long srcOffset, DeviceBuffer dst, long dstOffset, long count) {
        if (count == 0) {
            return;
        }
        try {
            CL.clEnqueueCopyBuffer(queue, src.mem, dst.mem, srcOffset * real.bytes(), dstOffset * real.bytes(),
                    count * real.bytes(), 0, null, null);
        } catch (CLException e) {
            throw fail(e, "copying on the device");
        }
    }

    void finish() {
        try {
            CL.clFinish(queue);
        } catch (CLException e) {
            throw fail(e, "waiting for the device");
        }
    }

    Launch launch(String name) {
        cl_kernel k = kernels.get(name);
        if (k == null) {
            try {
                k = CL.clCreateKernel(program.program(), name, null);
            } catch (CLException e) {
                throw fail(e, "creating kernel " + name);
            }
            kernels.put(name, k);
        }
        return new Launch(name, k);
    }

    static long roundUp(long n, long multiple) {
        long m = Math.max(n, 1);
        return (m + multiple - 1) / multiple * multiple;
    }

    /** Sets the arguments of one kernel in order, then enqueues it. */
    final class Launch {
        private final String name;
        private final cl_kernel kernel;
        private int arg;

        Launch(String name, cl_kernel kernel) {
            this.name = name;
            this.kernel = kernel;
        }

        Launch mem(DeviceBuffer b) {
            CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(b.mem));
            return this;
        }

        Launch i(int v) {
            CL.clSetKernelArg(kernel, arg++, Sizeof.cl_int, Pointer.to(new int[] {v}));
            return this;
        }

        Launch r(double v) {
            CL.clSetKernelArg(kernel, arg++, real.bytes(), real.scalar(v));
            return this;
        }

        /** One-dimensional: global size rounded up to local. */
        void run(long global, long local) {
            enqueue(1, new long[] {roundUp(global, local)}, new long[] {local});
        }

        /** One work-group of `local` items per index in [0, groups). */
        void groups(long groups, long local) {
            if (groups == 0) {
                return;
            }
            enqueue(1, new long[] {groups * local}, new long[] {local});
        }

        /** Two-dimensional tiles: dimension 0 covers cols, dimension 1 covers rows. */
        void tiles(long cols, long rows) {
            long t = program.tile();
            enqueue(2, new long[] {roundUp(cols, t), roundUp(rows, t)}, new long[] {t, t});
        }

        private void enqueue(int dims, long[] global, long[] local) {
            try {
                CL.clEnqueueNDRangeKernel(queue, kernel, dims, null, global, local, 0, null, null);
            } catch (CLException e) {
                throw fail(e, "running kernel " + name);
            }
        }
    }

    @Override
    public void close() {
        for (DeviceBuffer b : buffers) {
            b.close();
        }
        buffers.clear();
        for (cl_kernel k : kernels.values()) {
            CL.clReleaseKernel(k);
        }
        kernels.clear();
        CL.clReleaseCommandQueue(queue);
    }
}
