package dev.barron.backend.ptx;

import dev.barron.backend.program.KernelConstants;
import dev.barron.backend.program.KernelGeometry;
import dev.barron.backend.opencl.KernelSource;
import dev.barron.backend.tornado.conventions.TornadoKernelName;
import dev.barron.model.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TornadoVM entry points as TornadoVM's PTX backend will load them, checked without a GPU:
 * nvcc compiles the driver's program (PtxProgram, as the driver does); every tornado_* entry of
 * kernels/tornado_entries.cl is in the PTX with the PTX calling convention (the kernel context,
 * then one 8-byte slot per C parameter); a module cut to one entry under TornadoVM's kernel name,
 * behind the header TornadoVM prepends for today's drivers (.version 7.6, .target sm_86 or the
 * device's sm_75), is accepted by ptxas. Runs where nvcc and ptxas are installed; skips
 * otherwise (a CUDA check, not an OpenCL one, so CI without CUDA does not need it).
 */
class TornadoPtxTest {

    private static final Pattern ENTRY = Pattern.compile("KERNEL\\s+void\\s+(tornado_\\w+)\\s*\\(([^)]*)\\)");
    private static final List<String> EIGHT_BYTES = List.of(".u64", ".s64", ".b64", ".f64");

    /** tornado_* entry name to its number of C parameters after TORNADO_ARGS. */
    private static Map<String, Integer> entriesOfSource() throws IOException {
        String text;
        try (InputStream in = TornadoPtxTest.class.getResourceAsStream("/kernels/tornado_entries.cl")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Integer> entries = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(text);
        while (m.find()) {
            String[] params = m.group(2).split(",");
            assertEquals("TORNADO_ARGS", params[0].trim(), m.group(1) + " must start with TORNADO_ARGS");
            entries.put(m.group(1), params.length - 1);
        }
        return entries;
    }

    static List<String> defines(String real) {
        List<String> d = new ArrayList<>(List.of("BARRON_TORNADO", "BARRON_ARRAY_HEADER=16"));
        Precision precision = real.equals("double") ? Precision.F64 : Precision.F32;
        d.addAll(KernelConstants.defines(precision, new KernelGeometry(16, 64, 256)));
        return d;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float", "double"})
    void entriesFollowThePtxConventionAndAssembleUnderTornadoVmsHeader(String real, @TempDir Path dir)
            throws Exception {
        Nvcc nvcc = Nvcc.find().orElse(null);
        Assumptions.assumeTrue(nvcc != null && nvcc.sibling("ptxas").isPresent(),
                "nvcc/ptxas not found: the PTX check is skipped");
        Path ptxas = nvcc.sibling("ptxas").orElseThrow();
        PtxModule module = PtxProgram.tornado(defines(real));

        Map<String, Integer> source = entriesOfSource();
        assertTrue(source.size() >= 20, "found only " + source.size() + " entries in tornado_entries.cl");
        for (Map.Entry<String, Integer> e : source.entrySet()) {
            List<String> types = module.entry(e.getKey()).paramTypes();
            assertEquals(1 + e.getValue(), types.size(),
                    e.getKey() + ": the kernel context and one slot per parameter");
            for (String t : types) {
                assertTrue(EIGHT_BYTES.contains(t), e.getKey() + " has a parameter of type " + t
                        + "; TornadoVM's PTX backend passes every argument in an 8-byte slot");
            }
        }

        // one entry under TornadoVM's name, as the driver writes it for a task
        String entry = "tornado_pair_coefficients";
        String name = TornadoKernelName.of("barron1_population0.t", entry, List.of(Path.class, 5L, -7L));
        String one = module.withOnly(entry, name);
        assertEquals(1, Pattern.compile("\\.entry\\s").matcher(one).results().count(), "exactly one entry");
        assertTrue(one.contains(".entry " + name + "("), "the entry carries TornadoVM's kernel name");
        assertFalse(Pattern.compile("(?m)^\\s*\\.(version|target|address_size)").matcher(one).find(),
                "TornadoVM prepends its own header; the module must not carry one");
        assertAssembles(ptxas, dir, "7.6", "sm_86", one);
        assertAssembles(ptxas, dir, "7.6", "sm_75", one);
        // every entry, under the header of today's drivers on a GPU newer than sm_86 (H100/H200)
        assertAssembles(ptxas, dir, "7.6", "sm_86", module.headerless());
    }

    private static void assertAssembles(Path ptxas, Path dir, String version, String target, String body)
            throws Exception {
        // the header as PTXCodeUtil.getCodeWithAttachedPTXHeader formats it
        String header = ".version " + version + " \n.target " + target + " \n.address_size 64 \n";
        Path file = dir.resolve("kernel.ptx");
        Files.writeString(file, header + "\n" + body);
        String log = Nvcc.run(dir, List.of(ptxas.toString(), "-arch=" + target, "-o", "kernel.cubin", "kernel.ptx"));
        assertTrue(Files.size(dir.resolve("kernel.cubin")) > 0, "ptxas wrote no cubin: " + log);
    }

    @org.junit.jupiter.api.Test
    void kernelSourceListsTheEntries() {
        assertEquals(List.of("tornado_entries.cl"), KernelSource.TORNADO_ENTRIES);
    }
}
