package dev.barron.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The check that keeps LAPACK from being called through a libopenblas.so.0 without LAPACKE:
 * the parsing of /proc/self/maps on fixed lines, and the ELF reader on the bundled natives this
 * JVM has loaded, where the defined/imported distinction is the point (libjniopenblas.so imports
 * LAPACKE_dsyevr, libopenblas.so.0 defines it), cross-checked against binutils' nm where it is
 * installed. That a JVM holding Debian's libopenblas0 falls back to Jacobi instead of dying is
 * checked end to end by scripts/check-system-openblas.sh.
 */
class MappedOpenBlasTest {

    @Test
    void mapsLinesGiveTheDistinctOpenBlasFilesInOrder() {
        List<String> maps = List.of(
                "7f0000000000-7f0000001000 r--p 00000000 00:2a 1234   /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so",
                "7f0000001000-7f0000002000 r-xp 00001000 00:2a 1234   /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so",
                "7f0000003000-7f0000004000 rw-p 00000000 00:00 0 ",
                "7f0000004000-7f0000005000 r--p 00000000 00:2a 99     /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f0000004800-7f0000004900 r--p 00000000 00:2a 98     /root/.m2/openblas-0.3.31-1.5.13-linux-x86_64.jar",
                "7f0000005000-7f0000006000 r--p 00000000 00:2a 77     /home/a user/.javacpp/cache/x.jar/libOpenBLAS_nolapack.so.0 (deleted)",
                "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0      [stack]");
        assertEquals(List.of(Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"),
                        Path.of("/home/a user/.javacpp/cache/x.jar/libOpenBLAS_nolapack.so.0")),
                MappedOpenBlas.openBlasFiles(maps));
    }

    @Test
    void theBundledLibraryDefinesLapackeAndItsJniLibraryOnlyImportsIt() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "no /proc/self/maps: not Linux");
        assumeTrue(LapackEigenvalues.available(), "the bundled LAPACK did not load here");
        List<Path> loaded = MappedOpenBlas.openBlasFiles(Files.readAllLines(Path.of("/proc/self/maps")));
        Path openblas = find(loaded, "libopenblas.so.0");
        Path jni = find(loaded, "libjniopenblas.so");

        ElfExports lib = ElfExports.read(openblas, MappedOpenBlas.SYMBOL);
        assertEquals(MappedOpenBlas.SONAME, lib.soname());
        assertTrue(lib.defines(), openblas + " defines " + MappedOpenBlas.SYMBOL);
        ElfExports caller = ElfExports.read(jni, MappedOpenBlas.SYMBOL);
        assertNull(caller.soname(), jni + " has no soname");
        assertFalse(caller.defines(), jni + " only imports " + MappedOpenBlas.SYMBOL);
        assertFalse(ElfExports.read(openblas, "LAPACKE_dsyevr_").defines(), "a name that only starts like one");
        assertNull(MappedOpenBlas.withoutLapacke(), "only the bundled OpenBLAS is loaded in this JVM");

        for (String symbol : List.of(MappedOpenBlas.SYMBOL, "cblas_dgemm", "openblas_get_config")) {
            Boolean nm = nmDefines(openblas, symbol);
            if (nm != null) {
                assertEquals(nm, ElfExports.read(openblas, symbol).defines(), "nm -D on " + symbol);
            }
            nm = nmDefines(jni, symbol);
            if (nm != null) {
                assertEquals(nm, ElfExports.read(jni, symbol).defines(), "nm -D on " + symbol + " in " + jni);
            }
        }
    }

    @Test
    void whatIsNotA64BitElfFileIsRefused(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("libopenblas.so.0"), "INPUT(-lopenblas)\n");
        assertThrows(IOException.class, () -> ElfExports.read(text, MappedOpenBlas.SYMBOL));
        byte[] header = new byte[64];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = 2;
        header[5] = 1;
        header[0x28] = (byte) 0xf0; // section headers past the end of the file
        header[0x3a] = 0x40;
        header[0x3c] = 3;
        IOException e = assertThrows(IOException.class, () -> ElfExports.parse(ByteBuffer.wrap(header), "x"));
        assertTrue(e.getMessage().startsWith("malformed ELF file"), e.getMessage());
        header[4] = 1;
        assertThrows(IOException.class, () -> ElfExports.parse(ByteBuffer.wrap(header), "x"), "32-bit");
    }

    private static Path find(List<Path> files, String name) {
        return files.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not among the mapped files " + files));
    }

    /** Whether nm -D lists symbol as defined in lib; null where nm is not installed. */
    private static Boolean nmDefines(Path lib, String symbol) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("nm", "-D", "--defined-only", lib.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        boolean found;
        try (var lines = new String(p.getInputStream().readAllBytes()).lines()) {
            found = lines.anyMatch(l -> l.endsWith(" " + symbol));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue() == 0 ? found : null;
    }
}
