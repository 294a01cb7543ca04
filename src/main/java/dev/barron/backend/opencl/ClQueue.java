package dev.barron.backend.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One command queue on a compiled program, with its own kernel objects (kernel arguments are
 * per object, so a queue is used by one thread at a time) and the buffers it allocated.
 * Every OpenCL failure leaves as a {@link dev.barron.backend.BackendException} naming what failed.
 */
final class ClQueue implements AutoCloseable {

    /**
     * With -Dbarron.opencl.profile=true every kernel is timed by OpenCL events (each launch then
     * waits for its kernel) and a queue prints its per-kernel totals to stderr when closed.
     */
    static final boolean PROFILE = Boolean.getBoolean("barron.opencl.profile");

    final CompiledProgram program;
    final RealType real;
    private final cl_command_queue queue;
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final List<DeviceBuffer> buffers = new ArrayList<>();
    private final Map<String, long[]> profile = new TreeMap<>();
    private boolean closed;

    @SuppressWarnings("deprecation")
    ClQueue(CompiledProgram program) {
        this.program = program;
        this.real = program.real();
        try {
            this.queue = CL.clCreateCommandQueue(program.context(), program.device().id(),
                    PROFILE ? CL.CL_QUEUE_PROFILING_ENABLE : 0, null);
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
            return new DeviceBuffer(mem, n, buffers);
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

    /** The widest work-group this device runs the kernel called name with (its registers and local memory count). */
    long kernelGroup(String name) {
        long[] size = new long[1];
        try {
            CL.clGetKernelWorkGroupInfo(launch(name).kernel, program.device().id(), CL.CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
                    Pointer.to(size), null);
        } catch (CLException e) {
            throw fail(e, "asking the work-group size of kernel " + name);
        }
        return size[0];
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

        /** Element-wise two-dimensional kernels: one work-item per (col, row), tile x tile groups. */
        void grid(long cols, long rows) {
            long t = program.tile();
            enqueue(2, new long[] {roundUp(cols, t), roundUp(rows, t)}, new long[] {t, t});
        }

        /**
         * The blocked products of matmul.cl: one tile x tile work-group per (4 tile) x (4 tile)
         * block of the result; dimension 0 covers cols, dimension 1 covers rows.
         */
        void tiles(long cols, long rows) {
            long t = program.tile();
            long block = 4 * t;
            enqueue(2, new long[] {roundUp(cols, block) / 4, roundUp(rows, block) / 4}, new long[] {t, t});
        }

        private void enqueue(int dims, long[] global, long[] local) {
            try {
                cl_event event = PROFILE ? new cl_event() : null;
                CL.clEnqueueNDRangeKernel(queue, kernel, dims, null, global, local, 0, null, event);
                if (PROFILE) {
                    record(name, event);
                }
            } catch (CLException e) {
                throw fail(e, "running kernel " + name);
            }
        }
    }

    private void record(String name, cl_event event) {
        CL.clWaitForEvents(1, new cl_event[] {event});
        long[] start = new long[1];
        long[] end = new long[1];
        CL.clGetEventProfilingInfo(event, CL.CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null);
        CL.clGetEventProfilingInfo(event, CL.CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null);
        CL.clReleaseEvent(event);
        long[] t = profile.computeIfAbsent(name, n -> new long[2]);
        t[0]++;
        t[1] += end[0] - start[0];
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (PROFILE && !profile.isEmpty()) {
            StringBuilder sb = new StringBuilder("opencl profile (" + device() + ", " + real.precision().label() + "):");
            profile.forEach((k, t) -> sb.append(String.format("%n  %-20s %8d calls %12.3f ms %10.1f us/call",
                    k, t[0], t[1] / 1e6, t[1] / 1e3 / t[0])));
            System.err.println(sb);
        }
        for (DeviceBuffer b : new ArrayList<>(buffers)) {
            b.close();
        }
        for (cl_kernel k : kernels.values()) {
            CL.clReleaseKernel(k);
        }
        kernels.clear();
        CL.clReleaseCommandQueue(queue);
    }
}
