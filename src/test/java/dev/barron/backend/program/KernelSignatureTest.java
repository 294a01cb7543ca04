package dev.barron.backend.program;

import dev.barron.backend.tornado.conventions.TornadoEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The Java declarations of the kernels against the kernels themselves: every {@link Kernel}
 * has the parameters (names, count, types, constness) of its KERNEL entry in kernels/*.cl,
 * every entry is declared, and every TornadoVM entry of kernels/tornado_entries.cl has the
 * parameters {@link TornadoEntry} derives for each launch of every operation. The .cl sources
 * are parsed here, independently of the declarations.
 */
class KernelSignatureTest {

    private static final Path KERNELS = Path.of("kernels");
    private static final Pattern ENTRY = Pattern.compile("KERNEL\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final String TORNADO = "tornado_entries.cl";

    /** One parsed parameter: its name and its declared type with the qualifiers that matter. */
    private record Parsed(String name, String type) {
    }

    private static Map<String, List<Parsed>> entries(boolean tornado) throws IOException {
        Map<String, List<Parsed>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(KERNELS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cl")).sorted().toList()) {
                if (f.getFileName().toString().equals(TORNADO) != tornado) {
                    continue;
                }
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
                Matcher m = ENTRY.matcher(code);
                while (m.find()) {
                    List<Parsed> params = new ArrayList<>();
                    for (String raw : m.group(2).split(",")) {
                        String p = raw.replace("RESTRICT", " ").replace("*", " * ").trim().replaceAll("\\s+", " ");
                        if (p.isEmpty() || p.startsWith("TORNADO_ARGS")) {
                            continue;
                        }
                        int cut = p.lastIndexOf(' ');
                        params.add(new Parsed(p.substring(cut + 1), p.substring(0, cut)));
                    }
                    out.put(m.group(1), params);
                }
            }
        }
        return out;
    }

    /** The source type a declared parameter must have. */
    private static String sourceType(KernelArg a) {
        String constness = a.role() == KernelArg.Role.IN ? "const " : "";
        return switch (a.type()) {
            case REAL_BUFFER -> "GLOBAL " + constness + "real *";
            case INT_BUFFER -> "GLOBAL " + constness + "int *";
            case LOCAL -> "LOCAL_PTR real *";
            case REAL -> "real";
            case INT -> "int";
        };
    }

    @Test
    void everyKernelIsDeclaredAsItsSourceDeclaresIt() throws IOException {
        Map<String, List<Parsed>> source = entries(false);
        List<String> wrong = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        for (Kernel k : Kernel.values()) {
            declared.add(k.source());
            List<Parsed> expected = k.args().stream().map(a -> new Parsed(a.name(), sourceType(a))).toList();
            List<Parsed> actual = source.get(k.source());
            if (!expected.equals(actual)) {
                wrong.add(k + ":\n  declared " + expected + "\n  kernels/ " + actual);
            }
        }
        Set<String> undeclared = new TreeSet<>(source.keySet());
        undeclared.removeAll(declared);
        assertTrue(wrong.isEmpty(), "kernel declarations differ from kernels/*.cl:\n" + String.join("\n", wrong));
        assertTrue(undeclared.isEmpty(), "KERNEL entries of kernels/*.cl that Kernel does not declare: " + undeclared);
    }

    private static List<Shape> shapes() {
        return List.of(new Shape(3, 2, 5, 7, 1.0, 0, true), new Shape(1, 0, 1, 0, 0.5, 1, false),
                new Shape(4, 1, 2, 1, 0.25, 0, false));
    }

    @Test
    void everyTornadoEntryTakesWhatTheDriverPasses() throws IOException {
        Map<String, List<Parsed>> source = entries(true);
        Map<String, List<Parsed>> derived = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Shape s : shapes()) {
            for (Operation op : Operation.values()) {
                for (Step step : op.steps(s)) {
                    if (step instanceof Step.Launch l) {
                        List<Parsed> params = TornadoEntry.of(l).stream()
                                .map(p -> new Parsed(p.name(), p.kind().isArray() ? "GLOBAL uchar *" : "i64")).toList();
                        List<Parsed> before = derived.put(TornadoEntry.name(l.kernel()), params);
                        if (before != null && !before.equals(params)) {
                            wrong.add(op + " binds " + l.kernel() + " otherwise than another operation: " + params);
                        }
                    }
                }
            }
        }
        for (TornadoEntry.Own mv : TornadoEntry.Own.values()) {
            derived.put(mv.entry(), mv.params().stream().map(p -> p.endsWith("*")
                    ? new Parsed(p.substring(0, p.length() - 1), "GLOBAL uchar *") : new Parsed(p, "i64")).toList());
        }
        derived.forEach((name, params) -> {
            if (!params.equals(source.get(name))) {
                wrong.add(name + ":\n  driver passes " + params + "\n  " + TORNADO + " " + source.get(name));
            }
        });
        Set<String> unused = new TreeSet<>(source.keySet());
        unused.removeAll(derived.keySet());
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(unused.isEmpty(), "entries of " + TORNADO + " no operation launches: " + unused);
    }

    @Test
    void everyOperationStaysInsideItsBuffers() {
        for (Shape s : shapes()) {
            for (Operation op : Operation.values()) {
                for (Step step : op.steps(s)) {
                    if (step instanceof Step.Write w) {
                        assertTrue(w.at() + w.count() <= s.size(w.buf()), op + " " + w);
                    } else if (step instanceof Step.Read r) {
                        assertTrue(r.at() + r.count() <= s.size(r.buf()), op + " " + r);
                    } else if (step instanceof Step.Copy c) {
                        assertTrue(c.count() <= s.size(c.src()) && c.count() <= s.size(c.dst()), op + " " + c);
                    } else if (step instanceof Step.Launch l) {
                        assertEquals(l.kernel().args().size(), l.values().size(), op + " " + l.kernel());
                    }
                }
            }
        }
    }

    @Test
    void aBindingOfAnotherTypeOrNameIsRefused() {
        Step.Binder b = Step.launch(Kernel.SUM_REDUCE);
        assertTrue(throwsIllegal(() -> b.i("parts", 1)), "an int for a buffer");
        assertTrue(throwsIllegal(() -> b.i("count", 1)), "a name the kernel does not have");
        assertTrue(throwsIllegal(() -> b.buf("parts", Buf.TERMS).on(Dims.reduction())), "unbound parameters");
    }

    private static boolean throwsIllegal(Runnable r) {
        try {
            r.run();
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
