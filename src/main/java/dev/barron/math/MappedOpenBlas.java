package dev.barron.math;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether the libopenblas.so.0 that the bundled LAPACK's JNI library would be bound to carries
 * LAPACKE.
 *
 * <p>Why: that JNI library (libjniopenblas.so) needs libopenblas.so.0, and glibc's loader gives
 * a needed name to any object already loaded under that soname before it searches anywhere, its
 * own RUNPATH included. When the process already holds another libopenblas.so.0, the JNI library
 * is bound to it, and if that one was built without LAPACKE (Debian's and Ubuntu's libopenblas0,
 * which netlib brings in as libblas.so.3 for BARRON_BLAS=system), the first call of LAPACKE_dsyevr
 * ends the JVM with "symbol lookup error" (exit 127), past any Java catch. So before LAPACK is
 * loaded, and again after, the objects mapped into this process (/proc/self/maps) whose file
 * name says OpenBLAS are read ({@link ElfExports}): one with the soname libopenblas.so.0 that
 * does not define LAPACKE_dsyevr makes LAPACK unavailable. Which of several such objects the
 * loader would pick depends on the order they were loaded in, which the maps do not tell, so any
 * one without LAPACKE counts. Off Linux (no /proc/self/maps) there is nothing to check.
 */
final class MappedOpenBlas {

    static final String SONAME = "libopenblas.so.0";
    static final String SYMBOL = "LAPACKE_dsyevr";
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final String DELETED = " (deleted)";

    private MappedOpenBlas() {
    }

    /**
     * The file of a libopenblas.so.0 without LAPACKE_dsyevr that this process has mapped (one
     * that cannot be read counts as without), or null when there is none.
     */
    static String withoutLapacke() {
        if (!Files.isReadable(MAPS)) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(MAPS);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        for (Path file : openBlasFiles(lines)) {
            try {
                ElfExports e = ElfExports.read(file, SYMBOL);
                if (SONAME.equals(e.soname()) && !e.defines()) {
                    return file.toString();
                }
            } catch (IOException | RuntimeException e) {
                return file + " (unreadable: " + e.getMessage() + ")";
            }
        }
        return null;
    }

    /**
     * The distinct files, in order of first appearance, that lines of /proc/PID/maps map and
     * whose name contains "openblas" and ".so" (a shared object, not a jar, say). A file replaced on disk since it was mapped is listed
     * under its path (the maps mark it " (deleted)"): what is read is the file there now.
     */
    static List<Path> openBlasFiles(List<String> mapsLines) {
        Set<Path> files = new LinkedHashSet<>();
        for (String line : mapsLines) {
            // address perms offset dev inode path; the path may contain spaces.
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !f[5].startsWith("/")) {
                continue;
            }
            String path = f[5].endsWith(DELETED) ? f[5].substring(0, f[5].length() - DELETED.length()) : f[5];
            Path p = Path.of(path);
            String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.contains("openblas") && name.contains(".so")) {
                files.add(p);
            }
        }
        return new ArrayList<>(files);
    }
}
