package dev.barron.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * python/example.py runs through python/barron.py against this build's command line ($BARRON
 * set to a java call on the test class path); skipped where python3 with numpy is absent.
 */
class PythonHelperTest {

    @Test
    void theExampleRunsAndKeepsShapes() throws Exception {
        Process probe = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "python3 with numpy not found");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        assumeTrue(!cp.contains("'") && !java.contains("'"), "a quote in the class path");
        ProcessBuilder pb = new ProcessBuilder("python3", "python/example.py").redirectErrorStream(true);
        pb.environment().put("BARRON", "'" + java + "' -cp '" + cp + "' " + BarronCli.class.getName());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("grad_W (16, 10) grad_a (1, 16) empirical_grad_W (16, 10)"), out);
        assertTrue(out.contains("a stays (1, 16)"), out);
        assertTrue(out.contains("project onto radius 1: path norm 1.000000"), out);
    }
}
