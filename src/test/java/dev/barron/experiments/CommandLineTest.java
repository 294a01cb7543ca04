package dev.barron.experiments;

import dev.barron.cli.BarronCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The training commands end to end: a real kill -9 of a child JVM in the middle of a
 * teacher-student run and of a survey, then --resume, against the uninterrupted run; and
 * bad flags, which exit with 2 and write nothing.
 */
class CommandLineTest {

    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = BarronCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        // Notices ("note: ..." lines) depend on the machine (which BLAS, which runtimes), not on the call.
        String errors = err.toString().lines().filter(l -> !l.startsWith("note:")).collect(Collectors.joining("\n"));
        return new Result(status, out.toString(), errors);
    }

    private static Process child(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BarronCli.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitThenKill(Process p, java.util.function.BooleanSupplier ready) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!ready.getAsBoolean()) {
            assertTrue(p.isAlive(), "the child ended before it could be killed");
            assertTrue(System.nanoTime() < deadline, "the child never reached the kill point");
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no flushing
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
    }

    @Test
    void killNineMidRunThenResumeGivesTheUninterruptedFiles() throws Exception {
        String[] args = {"teacher-student", "--d", "20", "--k", "3", "--m", "9", "--steps", "150000", "--backend", "cpu",
                "--checkpoint-seconds", "0.05", "--quiet"};
        Path killed = tmp.resolve("killed");
        Process p = child(tmp.resolve("child.log"), concat(args, "--out", killed.toString()));
        awaitThenKill(p, () -> Files.exists(killed.resolve("checkpoint.bin")) && stepOf(killed) > 20_000);
        assertFalse(Files.exists(killed.resolve("summary.json")), "the kill came before the end");
        long at = stepOf(killed);
        Result r = cli("teacher-student", "--resume", killed.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        Path whole = tmp.resolve("whole");
        assertEquals(0, cli(concat(args, "--out", whole.toString())).status());
        TeacherStudentExperimentTest.assertSameRunFiles(whole, killed);
        assertTrue(at > 0 && at < 150000);
    }

    @Test
    void killNineMidSurveyThenResumeGivesTheUninterruptedSummary() throws Exception {
        String[] args = {"survey", "--k", "10", "--runs", "24", "--grad-tol", "1e-8", "--backend", "cpu", "--threads", "1",
                "--quiet"};
        Path killed = tmp.resolve("killed");
        Process p = child(tmp.resolve("child.log"), concat(args, "--out", killed.toString()));
        awaitThenKill(p, () -> lines(killed.resolve("runs.csv")) >= 6);
        assertFalse(Files.exists(killed.resolve("summary.csv")));
        Result r = cli("survey", "--resume", killed.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        Path whole = tmp.resolve("whole");
        Result w = cli(concat(args, "--out", whole.toString()));
        assertEquals(0, w.status(), w.err());
        assertEquals(Files.readString(whole.resolve("summary.csv")), Files.readString(killed.resolve("summary.csv")));
        assertEquals(Files.readString(whole.resolve("summary.md")), Files.readString(killed.resolve("summary.md")));
    }

    @Test
    void badFlagsExitWithTwoAndWriteNothing() throws Exception {
        Path out = tmp.resolve("out");
        Path notes = tmp.resolve("notes.txt");
        Files.writeString(notes, "not a survey");
        String o = out.toString();
        String[][] cases = {
                {"teacher-student", "--k", "0", "--out", o},
                {"teacher-student", "--m", "0", "--out", o},
                {"teacher-student", "--lr", "0", "--out", o},
                {"teacher-student", "--lr", "-0.1", "--out", o},
                {"teacher-student", "--teacher", "circulant", "--out", o},
                {"teacher-student", "--init", "uniform", "--out", o},
                {"teacher-student", "--scaling", "huge", "--out", o},
                {"teacher-student", "--activation", "tanh", "--out", o},
                {"teacher-student", "--teacher", "files", "--V", tmp.resolve("missing.npy").toString(), "--out", o},
                {"teacher-student", "--teacher", "files", "--out", o},
                {"teacher-student", "--V", notes.toString(), "--out", o},
                {"teacher-student", "--init", "files", "--W0", notes.toString(), "--out", o},
                {"teacher-student", "--k", "30", "--d", "20", "--out", o},
                {"teacher-student", "--resume", tmp.toString(), "--k", "3"},
                {"teacher-student", "--resume", o},
                {"teacher-student", "--backend", "abacus", "--out", o},
                {"teacher-student", "--project-method", "shrink", "--project-radius", "1", "--out", o},
                {"teacher-student", "--log-per-decade", "0", "--out", o},
                {"teacher-student", "--out", ""},
                {"survey", "--k", "3", "--out", ""},
                {"merge", "--out", "", tmp.toString()},
                {"demo", "--out", ""},
                {"survey", "--k", "0", "--out", o},
                {"survey", "--k", "3", "--m", "k-5", "--out", o},
                {"survey", "--k", "3", "--lr", "0", "--out", o},
                {"survey", "--k", "3", "--teacher", "gaussian", "--out", o},
                {"survey", "--k", "3", "--shard", "3/2", "--out", o},
                {"survey", "--k", "3", "--threads", "0", "--out", o},
                {"survey", "--resume", o},
                {"merge", "--out", o, tmp.toString()},
        };
        for (String[] c : cases) {
            Result r = cli(c);
            assertEquals(2, r.status(), String.join(" ", c) + " -> " + r.err());
            assertTrue(r.err().startsWith("barron "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(Files.exists(out), String.join(" ", c) + " wrote " + out);
        }
    }

    private static long stepOf(Path dir) {
        try {
            return dev.barron.train.Checkpoint.read(dir.resolve("checkpoint.bin")).step();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() - 1 : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
