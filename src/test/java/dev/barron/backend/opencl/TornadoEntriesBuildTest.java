package dev.barron.backend.opencl;

import dev.barron.model.Precision;
import org.jocl.CL;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The TornadoVM entry points (kernels/tornado_entries.cl) build as OpenCL C with the TornadoVM
 * driver's options, on the OpenCL device at hand: an entry that calls a kernel body with the
 * wrong arguments fails here without a TornadoVM installation. Their parameters are checked
 * against the driver by KernelSignatureTest.
 */
class TornadoEntriesBuildTest {

    @Test
    void theEntriesBuildWithTheTornadoOptions() {
        OpenClTestSupport.requirePlatform();
        OpenClDevice device = OpenClDevices.choose("0");
        Precision precision = device.fp64() ? Precision.F64 : Precision.F32;
        // BARRON_ARRAY_HEADER is TornadoNativeArray.ARRAY_HEADER of a TornadoVM build; any value compiles
        String source = "#define BARRON_TORNADO\n#define BARRON_ARRAY_HEADER 16\n"
                + KernelSource.program(KernelSource.TORNADO_ENTRIES);
        CompiledProgram program = CompiledProgram.build(device, new RealType(precision), source);
        try {
            assertNotNull(program.program());
        } finally {
            CL.clReleaseProgram(program.program());
            CL.clReleaseContext(program.context());
        }
    }
}
