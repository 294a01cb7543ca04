package dev.barron.experiments;

import dev.barron.io.DirectoryLock;
import dev.barron.model.Network;
import dev.barron.model.Teacher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The default demo: the same teachers (d = 20, k = 3 orthogonal unit teachers, b = 1) learnt by
 * an over-parameterised student (m = 9, small balanced init), whose loss decays like T^-3, and
 * by an exactly parameterised one (m = k = 3), which converges linearly once aligned.
 */
public final class Demo {

    /** The files a run writes; the demo clears exactly these before it runs again. */
    static final List<String> RUN_FILES = Stream.concat(Plots.FILES.stream(), Stream.of(TeacherStudentExperiment.CONFIG,
            TeacherStudentExperiment.CHECKPOINT, TeacherStudentExperiment.SUMMARY, "metrics.csv", "angles.csv", "teacher_V.npy", "teacher_b.npy")).toList();

    private Demo() {
    }

    public static TeacherStudentConfig overParameterised(String backend) {
        return TeacherStudentConfig.demo().withBackend(backend, null);
    }

    /**
     * m = k: stops once the loss reaches 1e-14, a few hundred steps after alignment; logged 200
     * times a decade so that the linear phase has enough points for its fit.
     */
    public static TeacherStudentConfig exact(String backend) {
        TeacherStudentConfig c = TeacherStudentConfig.demo().withBackend(backend, null);
        return c.withWidth(c.k()).withSteps(20_000, 1e-14).withLogPerDecade(200);
    }

    public static Path overDir(Path out) {
        return out.resolve("over-m9");
    }

    public static Path exactDir(Path out) {
        return out.resolve("exact-m3");
    }

    /** Removes a previous demo's run files in one run directory (and nothing else) so the demo can run again. */
    static void clear(Path dir) throws IOException {
        for (String name : RUN_FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    /** Locks both run directories, clears a previous demo's files there and opens the backends. */
    public static TeacherStudentExperiment.Prepared[] prepare(Path out, String backend, Consumer<String> notices) throws IOException {
        DirectoryLock.requireNamed("out", out);
        TeacherStudentExperiment.Prepared over = prepareOne(overParameterised(backend), overDir(out), notices);
        try {
            return new TeacherStudentExperiment.Prepared[]{over, prepareOne(exact(backend), exactDir(out), s -> { })};
        } catch (IOException | RuntimeException e) {
            over.close();
            throw e;
        }
    }

    private static TeacherStudentExperiment.Prepared prepareOne(TeacherStudentConfig cfg, Path dir, Consumer<String> notices)
            throws IOException {
        Teacher teacher = TeacherStudentExperiment.teacherOf(cfg);
        Network start = TeacherStudentExperiment.startOf(cfg);
        DirectoryLock lock = DirectoryLock.acquire(dir, "out", notices);
        try {
            clear(dir);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return TeacherStudentExperiment.prepare(cfg, dir, teacher, start, lock, notices);
    }
}
