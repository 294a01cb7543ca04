package dev.barron.backend.opencl;

import org.jocl.CL;
import org.jocl.cl_mem;

import java.util.List;

/** A device array of {@code count} reals, registered with the queue that allocated it until closed. */
final class DeviceBuffer implements AutoCloseable {

    final cl_mem mem;
    final long count;
    private final List<DeviceBuffer> registry;
    private boolean released;

    DeviceBuffer(cl_mem mem, long count, List<DeviceBuffer> registry) {
        this.mem = mem;
        this.count = count;
        this.registry = registry;
        registry.add(this);
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            registry.remove(this);
            CL.clReleaseMemObject(mem);
        }
    }
}
