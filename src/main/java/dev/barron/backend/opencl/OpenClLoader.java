package dev.barron.backend.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds out, before JOCL is touched, whether the OpenCL loader library can be loaded at all.
 *
 * <p>Why: when JOCL's native code fails to dlopen libOpenCL.so it prints "Could not load
 * libOpenCL.so, error ..." with C's printf, which lands on the process's stdout at exit, past
 * any Java redirection: a machine without OpenCL would get a stray line in every command's
 * output. So on Linux the library is looked up as the dynamic loader would (LD_LIBRARY_PATH,
 * the directories of /etc/ld.so.conf, the default ones) and its header checked: a 64-bit ELF
 * shared object. Only then is JOCL asked. (System.load would be a stricter test, but the JVM
 * then warns on stderr about the loader's executable-stack flag.) Elsewhere (macOS frameworks,
 * Windows) JOCL is asked directly.
 */
final class OpenClLoader {

    private static final String NAME = "libOpenCL.so";

    private OpenClLoader() {
    }

    /** Null when the OpenCL loader can be loaded (or this is not Linux); else why not. */
    static String problem() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        String lastError = null;
        for (Path dir : searchPath()) {
            Path lib = dir.resolve(NAME);
            if (!Files.exists(lib)) {
                continue;
            }
            String header = elfProblem(lib);
            if (header == null) {
                return null;
            }
            lastError = realPath(lib) + ": " + header;
        }
        return lastError != null ? NAME + " could not be loaded (" + lastError + ")" : NAME + " not found";
    }

    /** Null when the file starts as a 64-bit ELF shared object does; else what is wrong. */
    static String elfProblem(Path lib) {
        byte[] head = new byte[18];
        try (var in = Files.newInputStream(lib)) {
            if (in.readNBytes(head, 0, head.length) < head.length) {
                return "file too short";
            }
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        boolean elf = head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        if (!elf) {
            return "not an ELF file";
        }
        if (head[4] != 2) {
            return "not a 64-bit library";
        }
        int type = head[5] == 1 ? (head[16] & 0xff) | (head[17] & 0xff) << 8 : (head[17] & 0xff) | (head[16] & 0xff) << 8;
        return type == 3 ? null : "not a shared object";
    }

    private static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    /** The directories the dynamic loader searches, in its order (without its cache file). */
    private static List<Path> searchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.addAll(confDirs(Path.of("/etc/ld.so.conf"), 0));
        for (String d : new String[]{"/lib", "/usr/lib", "/lib64", "/usr/lib64"}) {
            dirs.add(Path.of(d));
        }
        return new ArrayList<>(dirs);
    }

    /** The directories an ld.so.conf names, following its include lines (globs in one directory). */
    private static List<Path> confDirs(Path conf, int depth) {
        List<Path> out = new ArrayList<>();
        if (depth > 4 || !Files.isReadable(conf)) {
            return out;
        }
        try {
            for (String raw : Files.readAllLines(conf)) {
                String line = raw.replaceFirst("#.*", "").trim();
                if (line.startsWith("include ")) {
                    out.addAll(included(line.substring(8).trim(), depth));
                } else if (line.startsWith("/")) {
                    out.add(Path.of(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable configuration only shortens the search.
        }
        return out;
    }

    private static List<Path> included(String pattern, int depth) {
        List<Path> out = new ArrayList<>();
        Path glob = Path.of(pattern);
        Path dir = glob.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob.getFileName());
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> matcher.matches(f.getFileName())).sorted()
                    .forEach(f -> out.addAll(confDirs(f, depth + 1)));
        } catch (IOException e) {
            // As above.
        }
        return out;
    }
}
