package dev.barron.backend.opencl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The check made before JOCL is asked to load libOpenCL.so (whose failure JOCL prints to stdout). */
class OpenClLoaderTest {

    @Test
    void anEmptyOrTextFileIsNoLibraryAndTheJvmsOwnLibraryIs(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.so"));
        assertEquals("file too short", OpenClLoader.elfProblem(empty));
        Path text = Files.writeString(dir.resolve("text.so"), "INPUT ( /usr/lib/libOpenCL.so.1 ) linker script");
        assertEquals("not an ELF file", OpenClLoader.elfProblem(text));
        assertEquals("cannot be read (" + dir.resolve("absent.so") + ")",
                OpenClLoader.elfProblem(dir.resolve("absent.so")).replace("NoSuchFileException: ", ""));
        Path libjava = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
        if (Files.exists(libjava) && System.getProperty("os.arch").contains("64")) {
            assertNull(OpenClLoader.elfProblem(libjava));
        }
    }

    /**
     * Under BARRON_EXPECT_NO_OPENCL=1 (the fresh-machine pass of .ci/run) the suite must really
     * run without OpenCL: otherwise that pass would prove nothing.
     */
    @Test
    void theFreshMachinePassReallyHasNoOpenCl() {
        assumeTrue("1".equals(System.getenv("BARRON_EXPECT_NO_OPENCL")), "not the fresh-machine pass");
        assertNotNull(new OpenClProvider().unavailableReason(), "an OpenCL runtime is visible");
    }
}
