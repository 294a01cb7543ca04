package dev.barron.backend.opencl;

import dev.barron.backend.program.KernelGeometry;
import dev.barron.backend.program.KernelConstants;
import dev.barron.backend.BackendException;
import dev.barron.model.Precision;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

import java.util.HashMap;
import java.util.Map;

/**
 * The kernels built for one device and one precision, with the context they live in. Built once
 * per (device, precision) and cached for the life of the JVM; every backend instance and session
 * on that device shares it and creates its own queue and kernel objects.
 *
 * @param tile   edge of the square work-groups of the matrix products
 * @param group  work-group size of the per-row reductions
 * @param reduce work-group size of the single-group reductions
 */
record CompiledProgram(OpenClDevice device, RealType real, cl_context context, cl_program program,
                       int tile, int group, int reduce) {

    private static final Map<String, CompiledProgram> CACHE = new HashMap<>();

    static synchronized CompiledProgram forDevice(OpenClDevice device, Precision precision) {
        String key = device.index() + "/" + precision.label();
        CompiledProgram p = CACHE.get(key);
        if (p == null) {
            p = build(device, new RealType(precision), KernelSource.program());
            CACHE.put(key, p);
        }
        return p;
    }

    /** Builds the given source; a failure carries the OpenCL build log. */
    static CompiledProgram build(OpenClDevice device, RealType real, String source) {
        KernelGeometry g = KernelGeometry.forMaxWorkGroup(device.maxWorkGroup());
        String options = KernelConstants.options(KernelConstants.defines(real.precision(), g)).strip() + " -cl-std=CL1.2";
        cl_context context;
        try {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
            context = CL.clCreateContext(props, 1, new cl_device_id[] {device.id()}, null, null, null);
        } catch (CLException e) {
            throw ClErrors.wrap(e, "creating a context", device.describe());
        }
        cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            CL.clBuildProgram(program, 1, new cl_device_id[] {device.id()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(program, device.id());
            CL.clReleaseProgram(program);
            CL.clReleaseContext(context);
            throw new BackendException("opencl: building the kernels (" + options + ") failed on "
                    + device.describe() + ": " + CL.stringFor_errorCode(e.getStatus()) + "\nbuild log:\n" + log, e);
        }
        return new CompiledProgram(device, real, context, program, g.tile(), g.group(), g.reduce());
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            return new String(buf, 0, Math.max(0, buf.length - 1), java.nio.charset.StandardCharsets.UTF_8);
        } catch (CLException e) {
            return "(no build log: " + CL.stringFor_errorCode(e.getStatus()) + ")";
        }
    }
}
