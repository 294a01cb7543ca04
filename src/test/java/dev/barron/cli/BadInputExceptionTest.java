package dev.barron.cli;

import dev.barron.backend.BackendException;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts as the user's error (exit 2) while inputs are read and backends opened. */
class BadInputExceptionTest {

    @Test
    void argumentErrorsAndUnopenableBackendsAreBadInput() {
        BadInputException a = assertThrows(BadInputException.class, () -> BadInputException.guard(() -> {
            throw Check.bad("--W", "w.npy", "must be 2-D");
        }));
        assertEquals("invalid --W = w.npy: must be 2-D", a.getMessage());
        BadInputException b = assertThrows(BadInputException.class, () -> BadInputException.guard(() -> {
            throw new BackendException("backend opencl is not available: no OpenCL platform");
        }));
        assertEquals("backend opencl is not available: no OpenCL platform", b.getMessage());
    }

    @Test
    void otherFailuresAreNot() {
        assertThrows(IllegalStateException.class, () -> BadInputException.guard(() -> {
            throw new IllegalStateException("a bug");
        }));
        assertEquals(7, BadInputException.guard(() -> 7));
    }

    @Test
    void aResultThatOverflowsExitsWith1AndOneLineAndWritesNothing(@TempDir Path dir) {
        // finite inputs whose loss overflows: the run fails rather than write Inf
        CliFiles f = new CliFiles(dir, 3);
        Matrix huge = f.gaussian(2, 3, 1e200);
        f.npy("W.npy", huge);
        f.npy("a.npy", new double[]{1e200, 1e200});
        f.npy("V.npy", f.gaussian(1, 3, 1));
        f.npy("b.npy", new double[]{1});
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("eval", "--W", f.path("W.npy"), "--a", f.path("a.npy"), "--V", f.path("V.npy"),
                "--b", f.path("b.npy"), "--out", out.toString());
        assertEquals(BarronCli.EXIT_FAILURE, run.status(), run::toString);
        assertEquals(1, run.errWithoutNotices().lines().count(), run::toString);
        assertTrue(run.errWithoutNotices().startsWith("barron eval: failed: "), run::toString);
        assertFalse(Files.exists(out), "no output directory");
    }

    @Test
    void anOutputPathBelowAFileIsBadInput(@TempDir Path dir) throws Exception {
        CliFiles f = new CliFiles(dir, 4);
        f.npy("W.npy", f.gaussian(2, 3, 1));
        f.npy("a.npy", f.gaussian(2));
        Files.writeString(dir.resolve("file"), "x");
        CliRun run = CliRun.of("prox", "--W", f.path("W.npy"), "--a", f.path("a.npy"), "--lambda", "1",
                "--out", dir.resolve("file").resolve("sub").toString());
        assertEquals(BarronCli.EXIT_BAD_INPUT, run.status(), run::toString);
        assertTrue(run.err().contains("--out") && run.err().contains("not a directory"), run::toString);
    }
}
