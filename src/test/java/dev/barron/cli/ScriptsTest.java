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

/**
 * The shell scripts parse, are executable, and fail clearly on bad arguments; setup-tornado.sh
 * wires a stand-in SDK (nothing is installed here: apt-get, dpkg-query, clinfo, unzip, mvn and
 * java are stubs on the PATH).
 */
class ScriptsTest {

    private static final List<String> SCRIPTS = List.of("barron", "setup-tornado.sh", ".ci/run",
            "scripts/check-system-openblas.sh");

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
    void systemOpenBlasCheckWithoutAptGetSaysSoInOneLineAndExits3(@TempDir Path dir) throws Exception {
        // A PATH with what the script needs before it looks for apt-get, and no apt-get.
        for (String tool : List.of("readlink", "dirname")) {
            Result where = run(Path.of("."), Map.of(), "bash", "-c", "command -v " + tool);
            Files.createSymbolicLink(dir.resolve(tool), Path.of(where.output().trim()));
        }
        Result r = run(Path.of("."), Map.of("PATH", dir.toString()), "/bin/bash", "scripts/check-system-openblas.sh");
        assertEquals(3, r.exit(), r.output());
        assertEquals("check-system-openblas: skipped: no apt-get here to fetch Debian's libopenblas0-pthread\n", r.output());
    }

    @Test
    void launcherWithoutAJarAndWithoutBuildingSaysHowToBuild(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("barron");
        Files.copy(Path.of("barron"), copy);
        Files.createDirectories(dir.resolve("scripts"));
        copyLauncherScripts(dir);
        List<String> cmd = new ArrayList<>(List.of(copy.toString(), "--version"));
        Result r = run(dir, Map.of("BARRON_NO_BUILD", "1"), cmd.toArray(String[]::new));
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("target/barron.jar not found") && r.output().contains("mvn"), r.output());
    }

    @Test
    void setupScriptRecordsTheSdkOptionsWithoutTheWorkingDirectoryOnTheModulePath(@TempDir Path dir) throws Exception {
        Path sdk = dir.resolve("sdk");
        Files.createDirectories(sdk.resolve("share/java/tornado"));
        Files.createDirectories(sdk.resolve("lib"));
        Files.createFile(sdk.resolve("share/java/tornado/tornado-api-9.9.9.jar"));
        Files.createFile(sdk.resolve("lib/libtornado-opencl.so"));
        Files.writeString(sdk.resolve("tornado-argfile.template"), String.join("\n",
                "# === Module system ===", "-Djava.library.path=${TORNADOVM_HOME}/lib",
                "--module-path .:${TORNADOVM_HOME}/share/java/tornado", "--add-modules ALL-SYSTEM,tornado.runtime", ""));
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(Path.of("setup-tornado.sh"), project.resolve("setup-tornado.sh"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        stub(bin, "dpkg-query", "echo 'install ok installed'");
        stub(bin, "apt-get", "exit 99");
        stub(bin, "clinfo", "exit 0");
        stub(bin, "unzip", "exit 1");
        stub(bin, "mvn", "exit 99");
        stub(bin, "java", "echo '    java.specification.version = 17' >&2");

        Result r = run(project, Map.of("TORNADOVM_HOME", sdk.toString(), "JAVA_HOME", dir.resolve("no-jdk").toString(),
                "PATH", bin + ":" + System.getenv("PATH")),
                "./setup-tornado.sh");

        assertEquals(0, r.exit(), r.output());
        List<String> options = Files.readAllLines(project.resolve(".tornado/jvm.options"));
        String realSdk = sdk.toRealPath().toString();
        assertEquals(List.of("-Djava.library.path=" + realSdk + "/lib", "--module-path", realSdk + "/share/java/tornado",
                "--add-modules", "ALL-SYSTEM,tornado.runtime"), options.subList(1, options.size()), r.output());
    }

    /**
     * The launcher starts its JVM with the JDK's libjsig preloaded (signal chaining: an OpenCL
     * runtime's signal handlers must not take the JVM's SIGSEGV), once. The JDK is a stand-in
     * whose java prints what it was given.
     */
    @Test
    void launcherPreloadsTheJdksSignalChainingLibrary(@TempDir Path dir) throws Exception {
        Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(jsig), "this JDK has no lib/libjsig.so");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(Path.of("barron"), project.resolve("barron"));
        copyLauncherScripts(project);
        Files.createDirectories(project.resolve("target"));
        Files.createFile(project.resolve("target/barron.jar"));
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("lib"));
        Files.copy(jsig, jdk.resolve("lib/libjsig.so"));
        stub(Files.createDirectories(jdk.resolve("bin")), "java", "echo \"preload=[$LD_PRELOAD]\"");
        String launcher = project.resolve("barron").toString();
        String expected = jdk.toRealPath().resolve("lib/libjsig.so").toString();

        Result r = run(project, Map.of("BARRON_NO_BUILD", "1", "JAVA_HOME", jdk.toString(), "LD_PRELOAD", ""), launcher);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("preload=[" + expected + "]"), r.output());

        Result kept = run(project, Map.of("BARRON_NO_BUILD", "1", "JAVA_HOME", jdk.toString(), "LD_PRELOAD", jsig.toString()), launcher);
        assertTrue(kept.output().contains("preload=[" + jsig + "]"), "a libjsig already preloaded is not added twice: " + kept.output());
    }

    private static void copyLauncherScripts(Path root) throws IOException {
        Files.createDirectories(root.resolve("scripts"));
        for (String script : List.of("openblas-coretype.sh", "jvm-signal-chaining.sh")) {
            Files.copy(Path.of("scripts", script), root.resolve("scripts").resolve(script));
        }
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
        assertTrue(p.toFile().setExecutable(true), name);
    }
}
