package dev.barron.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shell scripts parse, are executable, and fail clearly on bad arguments (nothing is installed here). */
class ScriptsTest {

    private static final List<String> SCRIPTS = List.of("barron", "setup-tornado.sh", ".ci/run");

    private record Result(int exit, String output) {
    }

    private static Result run(Path cwd, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
        return new Result(p.exitValue(), out);
    }

    @Test
    void scriptsParseAndAreExecutable() throws Exception {
        for (String script : SCRIPTS) {
            Path p = Path.of(script);
            assertTrue(Files.isExecutable(p), script + " is executable");
            assertTrue(Files.readString(p).startsWith("#!/usr/bin/env bash\n"), script + " is a bash script");
            Result r = run(Path.of("."), Map.of(), "bash", "-n", script);
            assertEquals(0, r.exit(), script + ": " + r.output());
        }
        assertTrue(Files.readString(Path.of(".ci/run")).contains("\nset -euo pipefail\n"));
        assertTrue(Files.readString(Path.of(".ci/run")).contains("\nmvn -B test\n"), ".ci/run runs the README's test command");
        assertTrue(Files.readString(Path.of("README.md")).contains("\n    mvn -B test "), "README shows the test command");
    }

    @Test
    void setupScriptRejectsUnknownOptionsAndHasHelp() throws Exception {
        Result help = run(Path.of("."), Map.of(), "./setup-tornado.sh", "--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().contains("--opencl-only"), help.output());
        Result bad = run(Path.of("."), Map.of(), "./setup-tornado.sh", "--frobnicate");
        assertEquals(2, bad.exit(), bad.output());
        assertTrue(bad.output().contains("unknown option '--frobnicate'"), bad.output());
    }

    @Test
    void launcherWithoutAJarAndWithoutBuildingSaysHowToBuild(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("barron");
        Files.copy(Path.of("barron"), copy);
        Files.createDirectories(dir.resolve("scripts"));
        Files.copy(Path.of("scripts/openblas-coretype.sh"), dir.resolve("scripts/openblas-coretype.sh"));
        List<String> cmd = new ArrayList<>(List.of(copy.toString(), "--version"));
        Result r = run(dir, Map.of("BARRON_NO_BUILD", "1"), cmd.toArray(String[]::new));
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("target/barron.jar not found") && r.output().contains("mvn"), r.output());
    }
}
