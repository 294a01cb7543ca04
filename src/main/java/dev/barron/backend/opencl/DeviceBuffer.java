package dev.barron.backend.opencl;

import org.jocl.CL;
import org.jocl.cl_mem;

/** A device array of {@code count} reals. */
final class DeviceBuffer implements AutoCloseable {

    final cl_mem mem;
    final long count;
    private boolean released;

    DeviceBuffer(cl_mem mem, long count) {
        this.mem = mem;
        this.count = count;
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            CL.clReleaseMemObject(mem);
        }
    }
}
