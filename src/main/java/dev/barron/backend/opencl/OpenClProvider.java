package dev.barron.backend.opencl;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendException;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.BackendProvider;
import dev.barron.backend.DeviceInfo;
import dev.barron.backend.ProblemSize;
import dev.barron.model.Precision;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenCL backend's provider (name "opencl").
 *
 * <p>How --backend auto decides ({@link #preferredFor}): an OpenCL device is taken over the
 * CPU backend only when (1) the default device is a GPU or accelerator (a CPU OpenCL device
 * such as PoCL runs the same cores as the CPU backend, without its BLAS) and (2) one evaluation
 * costs at least {@link #MIN_FLOPS} flops. A step on a device costs about ten kernel launches
 * and one small read, some 0.1 to 0.3 ms of fixed overhead; the CPU backend does 1e7 flops in
 * a few milliseconds on a laptop core, so below that the overhead is not paid back. A
 * d = 20, k = 3, m = 9 teacher-student problem (about 9e3 flops a step) stays on the CPU;
 * (m, k, d) = (256, 16, 256) (7e7 flops) goes to the GPU.
 */
public final class OpenClProvider implements BackendProvider {

    /** Flops of one evaluation from which a GPU is preferred to the CPU backend. */
    public static final double MIN_FLOPS = 1e7;

    /**
     * JOCL is an optional dependency of the library: without it this provider must say so, and
     * never let the first touch of OpenClDevices end in a NoClassDefFoundError.
     */
    static final String NO_JOCL = "JOCL is not on the class path; add the dependency org.jocl:jocl"
            + " to use the opencl backend";

    private static final boolean JOCL_PRESENT = classPresent("org.jocl.CL");

    static boolean classPresent(String name) {
        try {
            Class.forName(name, false, OpenClProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String unavailableReason() {
        return JOCL_PRESENT ? OpenClDevices.unavailableReason() : NO_JOCL;
    }

    @Override
    public List<DeviceInfo> devices() {
        List<DeviceInfo> out = new ArrayList<>();
        if (!JOCL_PRESENT) {
            return out;
        }
        for (OpenClDevice d : OpenClDevices.all()) {
            out.add(d.info());
        }
        return out;
    }

    @Override
    public Backend create(BackendOptions options) {
        BackendOptions o = options == null ? BackendOptions.defaults() : options;
        String reason = unavailableReason();
        if (reason != null) {
            throw new BackendException("backend opencl is not available: " + reason);
        }
        OpenClDevice device = OpenClDevices.choose(o.device());
        Precision precision = o.precision();
        if (precision == null) {
            precision = device.fp64() ? Precision.F64 : Precision.F32;
        } else if (precision == Precision.F64 && !device.fp64()) {
            throw new BackendException("opencl: device " + device.describe()
                    + " has no cl_khr_fp64: use --precision f32 or another device (see `barron devices`)");
        }
        return new OpenClBackend(CompiledProgram.forDevice(device, precision));
    }

    @Override
    public boolean preferredFor(ProblemSize size) {
        if (size == null || unavailableReason() != null) {
            return false;
        }
        OpenClDevice device = OpenClDevices.choose(null);
        if (!device.isAccelerator()) {
            return false;
        }
        double flops = Math.max(size.populationFlops(), size.empiricalFlops());
        return flops >= MIN_FLOPS;
    }
}
