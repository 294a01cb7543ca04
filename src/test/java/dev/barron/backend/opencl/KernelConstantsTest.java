package dev.barron.backend.opencl;

import dev.barron.backend.program.EnsembleLayout;
import dev.barron.backend.program.KernelConstants;
import dev.barron.backend.program.KernelGeometry;
import dev.barron.backend.program.ParamSlot;
import dev.barron.math.GaussianKernel;
import dev.barron.math.StableAngle;
import dev.barron.model.Activation;
import dev.barron.model.Precision;
import org.jocl.CL;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers Java and the kernels share have one source, KernelConstants: no kernel file
 * defines one again, every BARRON_ name a kernel uses is defined by the build or by the kernels,
 * the drivers pass codes through KernelConstants (no literal slot numbers, no bare ordinals), and
 * a kernel built with the drivers' options sees exactly the Java values (on OpenCL, when present).
 */
class KernelConstantsTest {

    private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+(\\w+)");
    private static final Pattern BARRON_NAME = Pattern.compile("\\bBARRON_[A-Z0-9_]*[A-Z0-9]\\b");
    /** Options of the TornadoVM driver that come from TornadoVM, not from a Java constant. */
    private static final Set<String> TORNADO_OPTIONS = Set.of("BARRON_TORNADO", "BARRON_ARRAY_HEADER");

    private static List<String> kernelFiles() {
        List<String> files = new ArrayList<>(List.of(KernelSource.HEADER));
        files.addAll(KernelSource.FILES);
        files.addAll(KernelSource.TORNADO_ENTRIES);
        return files;
    }

    /** The names of one build's -D options. */
    private static Set<String> buildNames() {
        Set<String> names = new HashSet<>();
        for (String d : KernelConstants.defines(Precision.F64, new KernelGeometry(16, 64, 256))) {
            names.add(d.split("=", 2)[0]);
        }
        return names;
    }

    @Test
    void noKernelFileDefinesANumberTheBuildPasses() {
        Set<String> passed = buildNames();
        List<String> second = new ArrayList<>();
        for (String f : kernelFiles()) {
            String[] lines = KernelSource.read(f).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = DEFINE.matcher(lines[i]);
                boolean redefined = m.find() && passed.contains(m.group(1));
                for (String name : passed) {
                    // a constant or enumerator of the same name is a second definition too
                    redefined |= lines[i].matches(".*\\b" + name + "\\s*=[^=].*") && !lines[i].contains("#error");
                }
                if (redefined) {
                    second.add("kernels/" + f + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertTrue(second.isEmpty(), "kernels define what KernelConstants passes to every build (define it in"
                + " Java only):\n" + String.join("\n", second));
    }

    @Test
    void everyBarronNameAKernelUsesIsDefinedByTheBuildOrTheKernels() {
        Set<String> defined = buildNames();
        defined.addAll(TORNADO_OPTIONS);
        Set<String> used = new TreeSet<>();
        for (String f : kernelFiles()) {
            String code = withoutCommentsAndStrings(KernelSource.read(f));
            for (String line : code.split("\n")) {
                Matcher d = DEFINE.matcher(line);
                if (d.find()) {
                    defined.add(d.group(1));
                }
            }
            Matcher m = BARRON_NAME.matcher(code);
            while (m.find()) {
                used.add(m.group() + " (kernels/" + f + ")");
            }
        }
        List<String> undefined = new ArrayList<>();
        for (String u : used) {
            if (!defined.contains(u.substring(0, u.indexOf(' ')))) {
                undefined.add(u);
            }
        }
        assertTrue(undefined.isEmpty(), "names the kernels use but neither KernelConstants nor kernels/ define"
                + " (renamed in Java?): " + undefined);
    }

    @Test
    void eachGeneratedDefineIsItsJavaValue() {
        Map<String, String> v = KernelConstants.values();
        Set<Integer> codes = new HashSet<>();
        for (Activation a : Activation.values()) {
            assertEquals(Integer.toString(a.ordinal()), v.get("BARRON_" + a.name()), a.name());
            assertTrue(codes.add(KernelConstants.activationCode(a)), "activation codes are distinct");
        }
        for (ParamSlot p : ParamSlot.values()) {
            assertEquals(Integer.toString(p.slot()), v.get("BARRON_PARAM_" + p.name()), p.name());
            assertTrue(p.slot() >= 0 && p.slot() < ParamSlot.COUNT, p + " inside the params array");
        }
        assertEquals(StableAngle.GRAM_COS_LIMIT, Double.parseDouble(v.get("BARRON_GRAM_COS_LIMIT")));
        assertEquals(GaussianKernel.STEP_SIN_FLOOR, Double.parseDouble(v.get("BARRON_STEP_SIN_FLOOR_F64")));
        int ensemble = 0;
        for (EnsembleLayout.Config c : EnsembleLayout.Config.values()) {
            assertEquals(Integer.toString(c.ordinal()), v.get("BARRON_ENS_CFG_" + c.name()), c.name());
            ensemble++;
        }
        for (EnsembleLayout.State st : EnsembleLayout.State.values()) {
            assertEquals(Integer.toString(st.ordinal()), v.get("BARRON_ENS_ST_" + st.name()), st.name());
            ensemble++;
        }
        Set<Integer> statuses = new HashSet<>();
        for (EnsembleLayout.Status st : EnsembleLayout.Status.values()) {
            assertEquals(Integer.toString(st.code()), v.get("BARRON_ENS_" + st.name()), st.name());
            assertTrue(statuses.add(st.code()), "status codes are distinct");
            ensemble++;
        }
        assertEquals(Integer.toString(EnsembleLayout.Config.SIZE), v.get("BARRON_ENS_CFG_SIZE"));
        assertEquals(Integer.toString(EnsembleLayout.State.SIZE), v.get("BARRON_ENS_ST_SIZE"));
        assertEquals(EnsembleLayout.LOW, Double.parseDouble(v.get("BARRON_ENS_NORM_LOW")));
        assertEquals(EnsembleLayout.HIGH, Double.parseDouble(v.get("BARRON_ENS_NORM_HIGH")));
        assertEquals(EnsembleLayout.LOCAL_REALS, Integer.parseInt(v.get("BARRON_ENS_LOCAL_REALS")));
        ensemble += 5;
        assertEquals(Activation.values().length + ParamSlot.COUNT + 2 + ensemble, v.size(), "every constant checked");
        List<String> defines = KernelConstants.defines(Precision.F32, new KernelGeometry(8, 32, 128));
        v.forEach((name, value) -> assertTrue(defines.contains(name + "=" + value), name + " in every build"));
        assertTrue(defines.containsAll(List.of("BARRON_TILE=8", "BARRON_GROUP=32", "BARRON_REDUCE=128")));
        assertTrue(!defines.contains("REAL_IS_DOUBLE")
                && KernelConstants.defines(Precision.F64, new KernelGeometry(8, 32, 128)).contains("REAL_IS_DOUBLE"));
    }

    @Test
    void driversPassCodesThroughKernelConstantsNotLiterals() throws IOException {
        Pattern literal = Pattern.compile("activation\\(\\)\\.ordinal\\(\\)|\\bPARAM_[A-Z_]+\\s*=\\s*\\d"
                + "|\"-DBARRON_|\"BARRON_(TILE|GROUP|REDUCE|PARAM|RELU|STEP|ERF)");
        List<String> found = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/tornado/java")) {
            Path dir = Path.of(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                    if (p.endsWith("KernelConstants.java")) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(p);
                    for (int i = 0; i < lines.size(); i++) {
                        if (literal.matcher(lines.get(i)).find()) {
                            found.add(p + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "a driver spells a shared number itself (use KernelConstants or ParamSlot):\n"
                + String.join("\n", found));
    }

    @Test
    void aKernelBuiltWithTheDriversOptionsSeesTheJavaValues() {
        OpenClTestSupport.requirePlatform();
        OpenClDevice device = OpenClDevices.choose("0");
        Precision precision = device.fp64() ? Precision.F64 : Precision.F32;
        Map<String, String> v = KernelConstants.values();
        StringBuilder probe = new StringBuilder("\nKERNEL void barron_constants_probe(GLOBAL real* out) {\n");
        List<String> names = new ArrayList<>(v.keySet());
        for (int i = 0; i < names.size(); i++) {
            probe.append("    out[").append(i).append("] = (real) (").append(names.get(i)).append(");\n");
        }
        probe.append("}\n");
        CompiledProgram program = CompiledProgram.build(device, new RealType(precision),
                KernelSource.program() + probe);
        double[] seen;
        try (ClQueue q = new ClQueue(program)) {
            DeviceBuffer out = q.alloc(names.size());
            q.launch("barron_constants_probe").mem(out).run(1, 1);
            seen = q.read(out, 0, names.size());
        } finally {
            CL.clReleaseProgram(program.program());
            CL.clReleaseContext(program.context());
        }
        for (int i = 0; i < names.size(); i++) {
            double java = Double.parseDouble(v.get(names.get(i)));
            assertEquals(precision == Precision.F64 ? java : (float) java, seen[i], names.get(i) + " on " + device.name());
        }
    }

    private static String withoutCommentsAndStrings(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ").replaceAll("\"[^\"\n]*\"", "\"\"");
    }
}
