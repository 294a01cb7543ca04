package dev.barron.backend.opencl;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same kernel files compile as CUDA C: a generated .cu includes the portability header and
 * every .cl file, nvcc --ptx turns it into PTX for sm_90 and ptxas accepts that PTX. Every
 * kernel must appear as a PTX entry. Runs where nvcc and ptxas are on the PATH; skips otherwise
 * (this checks the CUDA path, not the OpenCL backend, so it is not required under CI).
 */
class CudaCompileTest {

    private static final Pattern KERNEL = Pattern.compile("KERNEL\\s+void\\s+(\\w+)\\s*\\(");

    private static String onPath(String tool) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
        dirs.add("/usr/local/bin");
        dirs.add("/usr/local/cuda/bin");
        for (String dir : dirs) {
            File f = new File(dir, tool);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, String.join(" ", command) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float", "double"})
    void kernelsCompileAsCudaAndPtxasAcceptsThem(String real, @TempDir Path dir) throws Exception {
        String nvcc = onPath("nvcc");
        String ptxas = onPath("ptxas");
        Assumptions.assumeTrue(nvcc != null && ptxas != null, "nvcc/ptxas not found: the CUDA compile check is skipped");
        StringBuilder cu = new StringBuilder("#include \"" + KernelSource.HEADER + "\"\n");
        Files.writeString(dir.resolve(KernelSource.HEADER), KernelSource.read(KernelSource.HEADER));
        List<String> kernels = new ArrayList<>();
        for (String f : KernelSource.FILES) {
            String text = KernelSource.read(f);
            Files.writeString(dir.resolve(f), text);
            cu.append("#include \"").append(f).append("\"\n");
            Matcher m = KERNEL.matcher(text);
            while (m.find()) {
                kernels.add(m.group(1));
            }
        }
        Files.writeString(dir.resolve("barron_kernels.cu"), cu.toString());
        List<String> cmd = new ArrayList<>(List.of(nvcc, "--ptx", "-arch=sm_90", "-x", "cu"));
        if (real.equals("double")) {
            cmd.add("-DREAL_IS_DOUBLE");
        }
        cmd.addAll(List.of("-o", "barron.ptx", "barron_kernels.cu"));
        run(dir, cmd.toArray(new String[0]));
        String ptx = Files.readString(dir.resolve("barron.ptx"));
        for (String k : kernels) {
            assertTrue(ptx.contains(".entry " + k + "("), "kernel " + k + " missing from the PTX");
        }
        assertTrue(kernels.size() >= 20, "found only " + kernels.size() + " kernels");
        // the real type reached the PTX: double loads and FMAs in one, none in the other (float's
        // sinf/cosf slow path uses some f64 arithmetic internally, so arithmetic alone does not tell)
        boolean doubleLoads = Pattern.compile("ld\\.global(\\.nc)?\\.f64").matcher(ptx).find();
        assertEquals(real.equals("double"), doubleLoads, "f64 loads in the " + real + " PTX");
        assertTrue(ptx.contains(real.equals("double") ? "fma.rn.f64" : "fma.rn.f32"), "FMAs in the real type");
        run(dir, ptxas, "-arch=sm_90", "-o", "barron.cubin", "barron.ptx");
        assertTrue(Files.size(dir.resolve("barron.cubin")) > 0);
    }
}
