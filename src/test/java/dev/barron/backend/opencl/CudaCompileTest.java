package dev.barron.backend.opencl;

import dev.barron.backend.program.KernelGeometry;
import dev.barron.backend.program.KernelConstants;
import dev.barron.backend.ptx.Nvcc;
import dev.barron.model.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same kernel files compile as CUDA C: nvcc --ptx turns the JOCL driver's program (the
 * portability header and every .cl file) into PTX for sm_90 and ptxas accepts that PTX. Every
 * kernel must appear as a PTX entry. Runs where nvcc and ptxas are installed; skips otherwise
 * (this checks the CUDA path, not the OpenCL backend, so it is not required under CI).
 */
class CudaCompileTest {

    private static final Pattern KERNEL = Pattern.compile("KERNEL\\s+void\\s+(\\w+)\\s*\\(");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float", "double"})
    void kernelsCompileAsCudaAndPtxasAcceptsThem(String real, @TempDir Path dir) throws Exception {
        Nvcc nvcc = Nvcc.find().orElse(null);
        Assumptions.assumeTrue(nvcc != null && nvcc.sibling("ptxas").isPresent(),
                "nvcc/ptxas not found: the CUDA compile check is skipped");
        List<String> kernels = new ArrayList<>();
        for (String f : KernelSource.FILES) {
            Matcher m = KERNEL.matcher(KernelSource.read(f));
            while (m.find()) {
                kernels.add(m.group(1));
            }
        }
        String ptx = nvcc.ptx(KernelSource.program(), "sm_90",
                KernelConstants.defines(real.equals("double") ? Precision.F64 : Precision.F32,
                        new KernelGeometry(16, 64, 256)));
        for (String k : kernels) {
            assertTrue(ptx.contains(".entry " + k + "("), "kernel " + k + " missing from the PTX");
        }
        assertTrue(kernels.size() >= 20, "found only " + kernels.size() + " kernels");
        // the real type reached the PTX: double loads and FMAs in one, none in the other (float's
        // sinf/cosf slow path uses some f64 arithmetic internally, so arithmetic alone does not tell)
        boolean doubleLoads = Pattern.compile("ld\\.global(\\.nc)?\\.f64").matcher(ptx).find();
        assertEquals(real.equals("double"), doubleLoads, "f64 loads in the " + real + " PTX");
        assertTrue(ptx.contains(real.equals("double") ? "fma.rn.f64" : "fma.rn.f32"), "FMAs in the real type");
        Files.writeString(dir.resolve("barron.ptx"), ptx);
        Nvcc.run(dir, List.of(nvcc.sibling("ptxas").orElseThrow().toString(), "-arch=sm_90", "-o", "barron.cubin",
                "barron.ptx"));
        assertTrue(Files.size(dir.resolve("barron.cubin")) > 0);
    }
}
