package dev.barron.faults;

import dev.barron.cli.BarronCli;
import dev.barron.experiments.Survey;
import dev.barron.experiments.SurveyConfig;
import dev.barron.experiments.SurveyRun;
import dev.barron.experiments.Sweep;
import dev.barron.io.DirectoryLock;
import dev.barron.io.OutputSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fault injection, as a hostile user would try it: kill -9 of the launcher at random moments
 * then resume, concurrent writers, stale and foreign locks, shards lost or damaged before a
 * merge, corrupted checkpoints and runs.csv, a full disk (a small tmpfs in a private mount
 * namespace, where the machine allows one), a tiny heap, and interrupted result sets. Every
 * case must end in the right answer or in a one-line refusal with the right exit status. The
 * cases tried, passed and skipped are counted and printed in one line at the end.
 */
class FaultInjectionTest {

    @TempDir
    static Path tmp;

    private static int tried;
    private static int passed;
    private static final List<String> skipped = new ArrayList<>();
    private static long started;
    /** Random moments, reproducible: the seed is printed with the summary. */
    private static final long SEED = System.nanoTime();
    private static final Random RANDOM = new Random(SEED);

    @FunctionalInterface
    interface Case {
        void run() throws Exception;
    }

    @BeforeAll
    static void start() {
        started = System.nanoTime();
    }

    @AfterAll
    static void summary() {
        System.out.printf("fault injection: %d cases tried, %d passed, %d skipped%s, %.1f s (random seed %d)%n", tried, passed,
                skipped.size(), skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")",
                (System.nanoTime() - started) * 1e-9, SEED);
    }

    /** Runs one case, counting it; its failure fails the test with the case's name. */
    private static void check(String name, Case c) {
        tried++;
        try {
            c.run();
            passed++;
        } catch (org.opentest4j.TestAbortedException e) {
            throw e; // skipped, with its reason counted by the case
        } catch (AssertionError | Exception e) {
            fail(name + ": " + e.getMessage(), e);
        }
    }

    // --- running the command line ------------------------------------------------------------

    record Run(int status, String out, String err) {
        /** The one-line refusal or failure every error must be. */
        void assertOneLineError(int expected, String mentions) {
            assertEquals(expected, status, this::toString);
            List<String> lines = err.lines().filter(l -> !l.startsWith("note:") && !isJvmNoise(l)).toList();
            assertEquals(1, lines.size(), () -> "one line on stderr: " + this);
            assertTrue(lines.get(0).contains(mentions), () -> "mentions '" + mentions + "': " + this);
            assertFalse(err.contains("\tat ") || err.contains("Exception:"), () -> "no stack trace: " + this);
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Lines the JVM or a library logs on its own (not barron's output). */
    static boolean isJvmNoise(String line) {
        return line.contains("dev.ludovic.netlib") || line.startsWith("WARNING: Failed to load implementation")
                || line.startsWith("WARNING: Using incubator modules");
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BarronCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    static List<String> javaCommand(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED"); // as ./barron passes it (JDK 22+ warn without it)
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BarronCli.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Run waitFor(Process p, int seconds) throws Exception {
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.complete("");
            }
        });
        t.start();
        String o = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "finished within " + seconds + " s");
        return new Run(p.exitValue(), o, errText.get(seconds, TimeUnit.SECONDS));
    }

    static Run child(List<String> jvmOptions, String... args) throws Exception {
        return waitFor(new ProcessBuilder(javaCommand(jvmOptions, args)).start(), 120);
    }

    /**
     * A copy of the launcher whose target/barron.jar runs the classes under test: a jar of one
     * manifest whose Class-Path is the test class path. So the launcher script itself is what
     * runs, with the code of this build (a target/barron.jar left from an earlier build could be
     * stale).
     */
    static Path launcher() throws IOException {
        Path root = tmp.resolve("launcher");
        if (Files.exists(root.resolve("barron"))) {
            return root.resolve("barron");
        }
        Files.createDirectories(root.resolve("target"));
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(Path.of("barron"), root.resolve("barron"));
        for (String script : List.of("openblas-coretype.sh", "jvm-signal-chaining.sh")) {   // what the launcher sources
            Files.copy(Path.of("scripts", script), root.resolve("scripts").resolve(script));
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, BarronCli.class.getName());
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (var jar = new JarOutputStream(Files.newOutputStream(root.resolve("target/barron.jar")), m)) {
            jar.flush();
        }
        return root.resolve("barron");
    }

    static ProcessBuilder launch(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(launcher().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BARRON_NO_BUILD", "1");
        return pb;
    }

    // --- the survey used throughout -------------------------------------------------------------

    static final String[] SURVEY = survey(12);

    static String[] survey(int runs) {
        return new String[]{"survey", "--k", "3,4", "--runs", String.valueOf(runs), "--steps", "30000", "--backend", "cpu",
                "--threads", "1", "--quiet"};
    }

    static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A survey directory whose runs.csv holds each planned run exactly once. */
    static void assertCompleteSurvey(Path dir) throws Exception {
        SurveyConfig cfg = dev.barron.io.JsonFiles.read(dir.resolve(Survey.CONFIG), SurveyConfig.class);
        dev.barron.experiments.Shard shard = dev.barron.io.JsonFiles.read(dir.resolve(Survey.SHARD), dev.barron.experiments.Shard.class);
        List<SurveyRun> runs = Survey.readRuns(dir.resolve(Survey.RUNS), true);
        Set<String> keys = new HashSet<>();
        runs.forEach(r -> assertTrue(keys.add(r.key()), "run " + r.key() + " appears once"));
        assertEquals(Survey.shardPlan(cfg, shard).keySet(), keys, "every planned run, nothing else");
        assertTrue(Files.exists(dir.resolve("summary.csv")));
    }

    // --- 1. kill -9 of the launcher at random moments, then resume --------------------------

    @Test
    void killNineOfTheLauncherKillsTheJvmAndTheSurveyResumesWhole() throws Exception {
        Path dir = tmp.resolve("killed-survey");
        for (int i = 0; i < 3; i++) {
            // the first kill at a random moment from the start (JVM start-up included), the
            // others at a random moment once runs are being written
            boolean fromStart = i == 0;
            int delayMs = fromStart ? 200 + RANDOM.nextInt(2500) : RANDOM.nextInt(1500);
            check("kill -9 of ./barron " + delayMs + " ms after " + (fromStart ? "its start" : "its first run"), () -> {
                Process p = launch(with(SURVEY, "--out", dir.toString())).redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("launcher.log").toFile()).start();
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!fromStart && p.isAlive() && !hasRuns(dir) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(delayMs);
                if (!p.isAlive()) {
                    return; // finished before the kill: the resume below still checks the files
                }
                String command = p.info().command().orElse("");
                if (command.isEmpty() && p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                    return; // it ended between the two looks (its command is gone with it): nothing to kill
                }
                if (!fromStart) {
                    assertTrue(command.endsWith("java"), "the launcher's pid is the JVM (exec), not " + command);
                }
                List<ProcessHandle> descendants = p.descendants().toList();
                p.destroyForcibly();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                if (p.exitValue() == 0) {
                    return; // it finished between isAlive() and the kill: the resume below still checks the files
                }
                assertEquals(137, p.exitValue(), "killed by SIGKILL");
                try {
                    for (ProcessHandle h : descendants) {
                        h.onExit().get(10, TimeUnit.SECONDS); // the stderr filter ends with the JVM
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    fail("a process of the launcher outlived its kill -9: " + descendants.stream().filter(ProcessHandle::isAlive)
                            .map(h -> h.pid() + " " + h.info().command().orElse("?")).toList());
                } finally {
                    descendants.forEach(ProcessHandle::destroyForcibly);
                }
            });
        }
        check("resume after the kills", () -> {
            Run r = cli(with(SURVEY, "--out", dir.toString())); // the same survey continues where it stopped
            assertEquals(0, r.status(), r::toString);
            assertCompleteSurvey(dir);
        });
        check("the launcher passes exit status 2 and drops only the incubator warning", () -> {
            Run r = waitFor(launch("eval").start(), 60);
            r.assertOneLineError(2, "Missing required options");
            assertFalse(r.err().contains("incubator"), r::toString);
        });
    }

    static boolean hasRuns(Path dir) {
        try {
            return Files.exists(dir.resolve(Survey.RUNS)) && Files.readAllLines(dir.resolve(Survey.RUNS)).size() > 1;
        } catch (IOException e) {
            return false;
        }
    }

    // --- 2. concurrent writers and locks -----------------------------------------------------

    @Test
    void oneWriterPerDirectory() throws Exception {
        Path dir = tmp.resolve("contended");
        check("a second survey into a directory a live process writes is refused", () -> {
            Process first = new ProcessBuilder(javaCommand(List.of(), with(survey(30), "--out", dir.toString())))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("first.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!Files.exists(dir.resolve(Survey.RUNS)) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Run second = cli(with(survey(30), "--out", dir.toString()));
                second.assertOneLineError(2, "is being written by pid " + first.pid());
                Run resume = cli("survey", "--resume", dir.toString(), "--quiet");
                resume.assertOneLineError(2, "is being written by pid " + first.pid());
            } finally {
                first.destroyForcibly();
                first.waitFor(10, TimeUnit.SECONDS);
            }
        });
        check("two prox processes racing into one directory leave one whole result", () -> {
            Path race = tmp.resolve("race");
            Path in = inputs();
            List<Process> ps = new ArrayList<>();
            for (String lambda : List.of("0.1", "0.7")) {
                ps.add(new ProcessBuilder(javaCommand(List.of(), "prox", "--W", in.resolve("W.csv").toString(), "--a",
                        in.resolve("a.csv").toString(), "--lambda", lambda, "--backend", "cpu", "--out", race.toString())).start());
            }
            List<Run> runs = new ArrayList<>();
            for (Process p : ps) {
                runs.add(waitFor(p, 120));
            }
            for (Run r : runs) {
                if (r.status() != 0) {
                    r.assertOneLineError(2, "is being written by");
                }
            }
            assertTrue(runs.stream().anyMatch(r -> r.status() == 0), runs::toString);
            double lambda = dev.barron.io.PendingFiles.JSON.readTree(race.resolve("prox.json").toFile()).get("lambda").asDouble();
            Path alone = tmp.resolve("race-alone-" + lambda);
            assertEquals(0, cli("prox", "--W", in.resolve("W.csv").toString(), "--a", in.resolve("a.csv").toString(), "--lambda",
                    String.valueOf(lambda), "--backend", "cpu", "--out", alone.toString()).status());
            for (String f : List.of("W.npy", "a.npy")) {
                assertEquals(java.util.Arrays.toString(Files.readAllBytes(alone.resolve(f))),
                        java.util.Arrays.toString(Files.readAllBytes(race.resolve(f))), f + " belongs to prox.json's lambda " + lambda);
            }
        });
        check("the lock of a killed writer is taken over with one note", () -> {
            // Without --quiet, which drops notes.
            Run r = cli("survey", "--resume", dir.toString(), "--threads", "2");
            assertEquals(0, r.status(), r::toString);
            assertTrue(r.err().lines().anyMatch(l -> l.startsWith("note:") && l.contains("no longer running")), r::toString);
            assertCompleteSurvey(dir);
        });
        check("two commands of one process into one directory: the second is refused", () -> {
            try (DirectoryLock held = DirectoryLock.acquire(tmp.resolve("same-jvm"), "out", s -> { })) {
                Run r = cli("teacher-student", "--d", "4", "--k", "2", "--m", "2", "--steps", "10", "--quiet", "--backend", "cpu",
                        "--out", held.directory().toString());
                r.assertOneLineError(2, "is being written by pid " + ProcessHandle.current().pid());
            }
        });
        check("a lock recorded by another host is refused with the way to clear it", () -> {
            Path other = Files.createDirectories(tmp.resolve("other-host"));
            Files.writeString(other.resolve(DirectoryLock.FILE), "pid 1 host elsewhere.example started 2020-01-01T00:00:00Z\n");
            cli(prox(other)).assertOneLineError(2, "delete " + other.toAbsolutePath().resolve(DirectoryLock.FILE));
        });
        check("a record naming a live process of this host refuses even where the OS lock is free", () -> {
            Path live = Files.createDirectories(tmp.resolve("live-record"));
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                Files.writeString(live.resolve(DirectoryLock.FILE), "pid " + sleeper.pid() + " host "
                        + java.net.InetAddress.getLocalHost().getHostName() + " started "
                        + sleeper.info().startInstant().orElseThrow() + "\n");
                cli(prox(live)).assertOneLineError(2, "is being written by pid " + sleeper.pid());
            } finally {
                sleeper.destroyForcibly();
                sleeper.waitFor(10, TimeUnit.SECONDS);
            }
        });
    }

    @Test
    void killNineOfATrainingRunThenResume() throws Exception {
        Path dir = tmp.resolve("killed-run");
        int delayMs = RANDOM.nextInt(1500);
        check("kill -9 of ./barron teacher-student " + delayMs + " ms after its first checkpoint, then --resume", () -> {
            Process p = launch("teacher-student", "--d", "10", "--k", "2", "--m", "4", "--steps", "200000", "--backend", "cpu",
                    "--checkpoint-seconds", "0.05", "--quiet", "--out", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("ts.log").toFile()).start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (p.isAlive() && !Files.exists(dir.resolve("checkpoint.bin")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(delayMs);
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            Run r = cli("teacher-student", "--resume", dir.toString(), "--quiet"); // also after a run that had finished
            assertEquals(0, r.status(), r::toString);
            assertTrue(Files.exists(dir.resolve("summary.json")));
            try (var l = Files.list(dir)) {
                assertTrue(l.noneMatch(f -> OutputSet.isLeftover(f.getFileName().toString())), "no temporaries left");
            }
        });
    }

    // --- 3. shards lost or damaged before a merge ---------------------------------------------

    @Test
    void mergeChecksEveryShard() throws Exception {
        Path s1 = tmp.resolve("m/s1");
        Path s2 = tmp.resolve("m/s2");
        assertEquals(0, cli(with(SURVEY, "--shard", "1/2", "--out", s1.toString())).status());
        assertEquals(0, cli(with(SURVEY, "--shard", "2/2", "--out", s2.toString())).status());
        List<String> rows = Files.readAllLines(s2.resolve(Survey.RUNS));
        Map<String, Case> damages = new java.util.LinkedHashMap<>();
        damages.put("missing rows", () -> Files.write(s2.resolve(Survey.RUNS), rows.subList(0, rows.size() - 3)));
        damages.put("a torn last line", () -> Files.writeString(s2.resolve(Survey.RUNS),
                String.join("\n", rows).substring(0, String.join("\n", rows).length() - 5)));
        damages.put("a duplicated row", () -> {
            List<String> dup = new ArrayList<>(rows);
            dup.add(rows.get(2));
            Files.write(s2.resolve(Survey.RUNS), dup);
        });
        damages.put("a row of shard 1", () -> {
            List<String> foreign = new ArrayList<>(rows);
            foreign.add(Files.readAllLines(s1.resolve(Survey.RUNS)).get(1));
            Files.write(s2.resolve(Survey.RUNS), foreign);
        });
        damages.put("a garbage row", () -> {
            List<String> bad = new ArrayList<>(rows);
            bad.add(3, "3,3,notanumber,1,0.1,0.1,converged,0");
            Files.write(s2.resolve(Survey.RUNS), bad);
        });
        damages.put("a damaged sweep.json", () -> Files.writeString(s2.resolve(Sweep.SPEC), "{\"experiment\": \"survey"));
        String config = Files.readString(s2.resolve(Sweep.SPEC));
        for (var d : damages.entrySet()) {
            check("merge refuses a shard with " + d.getKey(), () -> {
                d.getValue().run();
                Path out = tmp.resolve("m/out-" + d.getKey().replace(' ', '-'));
                cli("merge", s1.toString(), s2.toString(), "--out", out.toString()).assertOneLineError(2, "s2");
                assertFalse(Files.exists(out), "nothing written");
                Files.write(s2.resolve(Survey.RUNS), rows);
                Files.writeString(s2.resolve(Sweep.SPEC), config);
            });
            if (d.getKey().startsWith("missing") || d.getKey().contains("torn")) {
                continue; // what a kill leaves: resume completes it (the kill cases above)
            }
            check("resume refuses a shard with " + d.getKey(), () -> {
                d.getValue().run();
                byte[] before = Files.readAllBytes(s2.resolve(Survey.RUNS));
                cli("survey", "--resume", s2.toString(), "--quiet").assertOneLineError(2, "s2");
                assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(s2.resolve(Survey.RUNS)),
                        "runs.csv untouched");
                Files.write(s2.resolve(Survey.RUNS), rows);
                Files.writeString(s2.resolve(Sweep.SPEC), config);
            });
        }
        check("merge refuses a lost shard", () ->
                cli("merge", s1.toString(), "--out", tmp.resolve("m/lost").toString()).assertOneLineError(2, "[2] of 2 are missing"));
        check("merge refuses --out equal to a shard", () ->
                cli("merge", s1.toString(), s2.toString(), "--out", s1.toString()).assertOneLineError(2, "is the input shard"));
        check("merge refuses --out inside a shard", () ->
                cli("merge", s1.toString(), s2.toString(), "--out", s2.resolve("sub").toString())
                        .assertOneLineError(2, "inside the input shard"));
        check("the intact shards merge", () -> {
            Path out = tmp.resolve("m/merged");
            Run r = cli("merge", s2.toString(), s1.toString(), "--out", out.toString());
            assertEquals(0, r.status(), r::toString);
            assertCompleteSurvey(out);
        });
    }

    // --- 4. corrupted checkpoints --------------------------------------------------------------

    @Test
    void aDamagedCheckpointIsNeverResumedFrom() throws Exception {
        Path run = tmp.resolve("ck/run");
        Run first = cli("teacher-student", "--d", "6", "--k", "2", "--m", "3", "--steps", "3000", "--backend", "cpu", "--quiet",
                "--out", run.toString());
        assertEquals(0, first.status(), first::toString);
        byte[] good = Files.readAllBytes(run.resolve("checkpoint.bin"));
        String config = Files.readString(run.resolve("config.json"));
        List<String[]> damages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int at = RANDOM.nextInt(good.length);
            damages.add(new String[]{"a flipped bit at byte " + at, "flip", String.valueOf(at), "checkpoint"});
        }
        for (int len : new int[]{0, 7, 45, good.length / 2, good.length - 1}) {
            damages.add(new String[]{"truncated to " + len + " bytes", "truncate", String.valueOf(len), "checkpoint"});
        }
        damages.add(new String[]{"a step count of 1e15 (checksum redone)", "step", "0", "beyond the run's budget"});
        damages.add(new String[]{"a row count of 2^31-1 (checksum redone)", "rows", "0", "claims"});
        damages.add(new String[]{"the format of an older version", "old", "0", "older Barron"});
        damages.add(new String[]{"another configuration", "config", "0", "another configuration"});
        for (String[] d : damages) {
            check("resume refuses a checkpoint with " + d[0], () -> {
                byte[] bad = damage(good, d[1], Integer.parseInt(d[2]));
                Files.write(run.resolve("checkpoint.bin"), bad);
                if (d[1].equals("config")) {
                    Files.writeString(run.resolve("config.json"), config.replace("\"lr\" : 0.5", "\"lr\" : 0.25"));
                }
                Run r = cli("teacher-student", "--resume", run.toString(), "--quiet");
                r.assertOneLineError(2, d[3]);
                Files.write(run.resolve("checkpoint.bin"), good);
                Files.writeString(run.resolve("config.json"), config);
            });
        }
        check("the intact checkpoint resumes", () -> assertEquals(0, cli("teacher-student", "--resume", run.toString(),
                "--quiet").status()));
    }

    static byte[] damage(byte[] good, String how, int at) {
        byte[] b = good.clone();
        switch (how) {
            case "flip" -> b[at] ^= (byte) (1 << RANDOM.nextInt(8));
            case "truncate" -> b = java.util.Arrays.copyOf(good, at);
            case "step" -> withCrc(ByteBuffer.wrap(b).putLong(44, 1_000_000_000_000_000L).array());
            case "rows" -> withCrc(ByteBuffer.wrap(b).putInt(rowCountOffset(good), Integer.MAX_VALUE).array());
            case "old" -> ByteBuffer.wrap(b).putLong(0, 0x42415252434B5031L);
            default -> { }
        }
        return b;
    }

    /** The history's row count: after the header (44), step, restarts, seed, wall (28) and the two networks. */
    static int rowCountOffset(byte[] ck) {
        ByteBuffer in = ByteBuffer.wrap(ck);
        int p = 44 + 28;
        for (int net = 0; net < 2; net++) {
            for (int s = 0; s < 2; s++) {
                p += 2 + Short.toUnsignedInt(in.getShort(p));
            }
            int rows = in.getInt(p);
            int cols = in.getInt(p + 4);
            p += 8 + 8 * rows * cols;
            p += 4 + 8 * in.getInt(p);
        }
        return p;
    }

    static void withCrc(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
    }

    // --- 5. result sets: stale files, leftovers, a full disk ----------------------------------

    static Path inputs() throws IOException {
        Path in = tmp.resolve("inputs");
        if (!Files.exists(in)) {
            Files.createDirectories(in);
            Files.writeString(in.resolve("W.csv"), "1,0\n0,1\n0.5,0.5\n");
            Files.writeString(in.resolve("a.csv"), "1\n1\n1\n");
            Files.writeString(in.resolve("V.csv"), "1,0\n");
            Files.writeString(in.resolve("b.csv"), "1\n");
        }
        return in;
    }

    static String[] prox(Path out) throws IOException {
        Path in = inputs();
        return new String[]{"prox", "--W", in.resolve("W.csv").toString(), "--a", in.resolve("a.csv").toString(),
                "--lambda", "0.1", "--backend", "cpu", "--out", out.toString()};
    }

    @Test
    void resultsAreReplacedAsASet() throws Exception {
        Path in = inputs();
        Path out = tmp.resolve("set");
        String w = in.resolve("W.csv").toString();
        String a = in.resolve("a.csv").toString();
        check("eval reusing --out leaves no stale gradient", () -> {
            assertEquals(0, cli("eval", "--backend", "cpu", "--W", w, "--a", a, "--V", in.resolve("V.csv").toString(), "--b",
                    in.resolve("b.csv").toString(), "--out", out.toString()).status());
            assertTrue(Files.exists(out.resolve("grad_W.npy")));
            Files.writeString(out.resolve("mine.txt"), "the user's own file");
            assertEquals(0, cli("eval", "--backend", "cpu", "--W", w, "--a", a, "--out", out.toString()).status());
            assertEquals(List.of("eval.json", "mine.txt"), visible(out));
        });
        check("leftovers of a killed writer are removed by the next", () -> {
            Files.writeString(out.resolve(".loss.png.123456.tmp"), "half");
            Files.createDirectories(out.resolve(".barron-staging-42"));
            Files.writeString(out.resolve(".barron-staging-42/W.npy"), "half");
            assertEquals(0, cli(prox(out)).status());
            assertEquals(List.of("W.npy", "a.npy", "eval.json", "mine.txt", "prox.json"), visible(out));
            try (var l = Files.list(out)) {
                assertTrue(l.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")
                        || p.getFileName().toString().startsWith(".barron-staging")), "no leftovers");
            }
        });
        check("a set committed by a killed writer is completed by the next", () -> {
            Path commit = Files.createDirectories(out.resolve(".barron-commit"));
            Files.writeString(commit.resolve("eval.json"), "{}\n");
            Files.writeString(commit.resolve(".barron-set"), "+eval.json\n-W.npy\n-a.npy\n-prox.json\n=eval/eval.json\n");
            Run r = cli("eval", "--backend", "cpu", "--W", w, "--a", a, "--out", out.toString());
            assertEquals(0, r.status(), r::toString);
            assertTrue(r.err().contains("completed the result files"), r::toString);
            assertEquals(List.of("eval.json", "mine.txt"), visible(out));
        });
        check("a set that overwrites part of another command's removes the rest of it; others stay whole", () -> {
            Path both = tmp.resolve("set-both");
            assertEquals(0, cli(prox(both)).status());
            assertEquals(0, cli("eval", "--backend", "cpu", "--W", both.resolve("W.npy").toString(), "--a",
                    both.resolve("a.npy").toString(), "--out", both.toString()).status());
            assertEquals(List.of("W.npy", "a.npy", "eval.json", "prox.json"), visible(both), "eval keeps the prox it read");
            assertEquals(0, cli("project", "--W", w, "--a", a, "--radius", "1", "--method", "rescale", "--backend", "cpu",
                    "--out", both.toString()).status());
            assertEquals(List.of("W.npy", "a.npy", "eval.json", "project.json"), visible(both),
                    "project's W.npy and a.npy supersede prox.json");
        });
        check("--out \"\" is refused", () -> cli("eval", "--W", w, "--a", a, "--out", "").assertOneLineError(2, "--out"));
        check("a full disk leaves the previous set whole", FaultInjectionTest::fullDisk);
    }

    static List<String> visible(Path dir) throws IOException {
        try (var l = Files.list(dir)) {
            return l.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    /**
     * prox into a directory on a 1 MiB tmpfs, mounted in a private user and mount namespace
     * (unshare), then again, with the disk filled, with a result whose first file fits and whose
     * second does not: exit 1 in one line, and the first result's files unchanged, none of the
     * new beside them.
     */
    static void fullDisk() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("disk"));
        Path mnt = Files.createDirectories(work.resolve("mnt"));
        Run probe;
        try {
            probe = waitFor(new ProcessBuilder("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs " + mnt).start(), 30);
        } catch (IOException e) {
            probe = new Run(127, "", "no unshare command: " + e.getMessage());
        }
        if (probe.status() != 0) {
            tried--;
            skipped.add("full disk: this machine does not allow a private tmpfs (" + probe.err().strip() + ")");
            Assumptions.abort("no private tmpfs here");
        }
        Path in = inputs();
        // W.npy (320 KB) fits in the space left, a.npy (160 KB) then does not: a writer that
        // replaced file by file would leave the new W.npy beside the old a.npy
        StringBuilder big = new StringBuilder();
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            big.append(r.nextGaussian()).append(',').append(r.nextGaussian()).append('\n');
        }
        Files.writeString(work.resolve("Wbig.csv"), big);
        Files.writeString(work.resolve("abig.csv"), "1\n".repeat(20_000));
        String java = String.join(" ", javaCommand(List.of()).stream().map(FaultInjectionTest::quote).toList());
        String out = mnt.resolve("out").toString();
        String script = String.join("\n",
                "set -u",
                "mount -t tmpfs -o size=1m tmpfs " + quote(mnt.toString()),
                java + " prox --W " + quote(in.resolve("W.csv").toString()) + " --a " + quote(in.resolve("a.csv").toString())
                        + " --lambda 0.1 --backend cpu --out " + quote(out) + " >/dev/null 2>&1 || echo FIRST-FAILED",
                "before=$(cd " + quote(out) + " && sha256sum W.npy a.npy prox.json)",
                "free=$(df -k --output=avail " + quote(mnt.toString()) + " | tail -1)",
                "dd if=/dev/zero of=" + quote(mnt.resolve("filler").toString()) + " bs=1k count=$((free - 400)) 2>/dev/null",
                java + " prox --W " + quote(work.resolve("Wbig.csv").toString()) + " --a "
                        + quote(work.resolve("abig.csv").toString()) + " --lambda 0.1 --backend cpu --out " + quote(out)
                        + " >/dev/null 2>" + quote(work.resolve("second.err").toString()),
                "echo \"SECOND=$?\"",
                "after=$(cd " + quote(out) + " && sha256sum W.npy a.npy prox.json)",
                "[ \"$before\" = \"$after\" ] && echo UNCHANGED",
                "ls -A " + quote(out) + " | tr '\\n' ' '; echo");
        Run run = waitFor(new ProcessBuilder("unshare", "-rm", "sh", "-c", script).start(), 120);
        String err = Files.readString(work.resolve("second.err"));
        assertFalse(run.out().contains("FIRST-FAILED"), run::toString);
        assertTrue(run.out().contains("SECOND=1"), () -> run.out() + "\n--- second.err\n" + err);
        assertTrue(run.out().contains("UNCHANGED"), run::toString);
        assertTrue(run.out().contains(".barron-files .barron.lock W.npy a.npy prox.json"), run::toString);
        new Run(1, "", err).assertOneLineError(1, "No space left on device");
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // --- 6. a tiny heap --------------------------------------------------------------------------

    @Test
    void outOfMemoryIsOneLineWithAdvice() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("heap"));
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            w.append("0.01,".repeat(499)).append("0.01\n");
        }
        Files.writeString(in.resolve("W.csv"), w);
        Files.writeString(in.resolve("a.csv"), "1\n".repeat(2000));
        check("eval with -Xmx16m", () -> {
            Run r = child(List.of("-Xmx16m"), "eval", "--W", in.resolve("W.csv").toString(), "--a", in.resolve("a.csv").toString(),
                    "--backend", "cpu", "--out", in.resolve("out").toString());
            r.assertOneLineError(1, "BARRON_JAVA_OPTS=-Xmx");
            assertTrue(r.err().contains("out of memory"), r::toString);
        });
        check("--debug is accepted by every command; bad input stays one line", () -> {
            Run r = cli("eval", "--W", in.resolve("missing.csv").toString(), "--a", in.resolve("a.csv").toString(), "--out",
                    in.resolve("o2").toString(), "--debug");
            r.assertOneLineError(2, "missing.csv");
        });
    }

    /** Touches OutputSet so that a rename of its constants shows here. */
    @Test
    void theManifestIsHidden() {
        assertTrue(OutputSet.MANIFEST.startsWith(".") && DirectoryLock.FILE.startsWith("."));
    }
}
