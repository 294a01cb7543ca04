package dev.barron.backend.ptx;

import dev.barron.backend.BackendException;
import dev.barron.backend.opencl.KernelSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Barron's kernels with TornadoVM's entry points as PTX: the OpenCL program of the TornadoVM
 * driver (every kernels/ file and kernels/tornado_entries.cl), compiled by nvcc as CUDA C with
 * the same -D build options. Compiled once per (architecture, options) and kept for the JVM.
 */
public final class PtxProgram {

    private static final Map<String, PtxModule> CACHE = new ConcurrentHashMap<>();

    private PtxProgram() {
    }

    /**
     * The TornadoVM program as PTX for the given definitions (as for the OpenCL build: BARRON_TORNADO,
     * BARRON_ARRAY_HEADER=..., REAL_IS_DOUBLE, the tile and group sizes).
     *
     * @throws BackendException when nvcc is not installed, or the compile fails (with nvcc's log)
     */
    public static PtxModule tornado(List<String> defines) {
        String arch = Nvcc.arch();
        return CACHE.computeIfAbsent(arch + " " + String.join(" ", defines), key -> {
            Nvcc nvcc = Nvcc.find().orElseThrow(() -> new BackendException(
                    "ptx: TornadoVM's PTX backend runs Barron's kernels as PTX, which Barron compiles with nvcc, and"
                            + " nvcc was not found (set CUDA_HOME, or put nvcc on the PATH)"));
            return PtxModule.parse(nvcc.ptx(KernelSource.program(KernelSource.TORNADO_ENTRIES), arch, defines));
        });
    }
}
