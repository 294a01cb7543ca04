package dev.barron.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barron.backend.ProjectionMethod;
import dev.barron.io.PendingFiles;
import dev.barron.model.Activation;
import dev.barron.model.Scaling;
import dev.barron.train.Checkpoint;
import dev.barron.train.TrainListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The oracle for an interrupted and resumed run is the same run without interruption. */
class TeacherStudentExperimentTest {

    @TempDir
    Path tmp;

    /** A small over-parameterised run on the CPU backend, checkpointing every 256 steps. */
    static TeacherStudentConfig small() {
        return new TeacherStudentConfig(6, 2, 5, TeacherKind.ORTHOGONAL, null, null, InitKind.GAUSSIAN, 1e-2, null, null,
                OuterInit.BALANCED, 0.5, 0, 1, 6000, 0, 0, Scaling.PLAIN, true, Activation.RELU, ObjectiveKind.POPULATION,
                64, 0, "cpu", null, null, 3, 0, ProjectionMethod.PROX_BISECTION, 0.05, 0.05, 20, 4, 1e-9);
    }

    static void assertSameRunFiles(Path expected, Path actual) throws Exception {
        assertEquals(Files.readString(expected.resolve("metrics.csv")), Files.readString(actual.resolve("metrics.csv")));
        assertEquals(Files.readString(expected.resolve("angles.csv")), Files.readString(actual.resolve("angles.csv")));
        JsonNode a = PendingFiles.JSON.readTree(expected.resolve("summary.json").toFile());
        JsonNode b = PendingFiles.JSON.readTree(actual.resolve("summary.json").toFile());
        for (String key : new String[]{"final_loss", "steps", "status", "recovered_teachers", "phases", "rate_exponent",
                "restarts", "teachers", "config"}) {
            assertEquals(a.get(key), b.get(key), key);
        }
    }

    @Test
    void aRunInterruptedAfterACheckpointResumesToIdenticalFiles() throws Exception {
        Path whole = tmp.resolve("whole");
        TeacherStudentExperiment.run(small(), whole, ProgressBar.silent(), s -> { });
        Path dir = tmp.resolve("crashed");
        AtomicInteger checkpoints = new AtomicInteger();
        TrainListener crash = new TrainListener() {
            @Override
            public void checkpoint(Checkpoint c) {
                if (checkpoints.incrementAndGet() == 7) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        try (TeacherStudentExperiment.Prepared p = TeacherStudentExperiment.prepare(small(), dir, s -> { })) {
            assertThrows(IllegalStateException.class, () -> TeacherStudentExperiment.execute(p, ProgressBar.silent(), crash));
        }
        assertFalse(Files.exists(dir.resolve("summary.json")), "the crash came before the end");
        assertEquals(6 * 256, Checkpoint.read(dir.resolve("checkpoint.bin")).step());
        TeacherStudentExperiment.resume(dir, ProgressBar.silent(), s -> { });
        assertSameRunFiles(whole, dir);
    }

    @Test
    void summaryAndMetricsHaveTheDocumentedFields() throws Exception {
        Path dir = tmp.resolve("run");
        TeacherStudentExperiment.Report rep = TeacherStudentExperiment.run(small(), dir, ProgressBar.silent(), s -> { });
        String header = Files.readAllLines(dir.resolve("metrics.csv")).get(0);
        assertEquals("step,loss,grad_norm,path_norm_l1,min_student_norm,max_student_norm,cos_best_1,cos_best_2,"
                + "max_neuron_grad_norm,align_angle_max", header);
        assertEquals("step,kind,i,j,angle", Files.readAllLines(dir.resolve("angles.csv")).get(0));
        JsonNode s = PendingFiles.JSON.readTree(dir.resolve("summary.json").toFile());
        for (String key : new String[]{"config", "seed", "backend", "device", "precision", "version", "wall_seconds",
                "final_loss", "steps", "recovered_teachers", "phases", "rate_exponent", "restarts"}) {
            assertTrue(s.has(key), key);
        }
        assertEquals(rep.result().last().loss(), s.get("final_loss").asDouble(), 0.0);
        for (String png : new String[]{"loss.png", "angles.png", "norms.png"}) {
            byte[] b = Files.readAllBytes(dir.resolve(png));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png);
            String svg = Files.readString(dir.resolve(png.replace(".png", ".svg")));
            assertTrue(svg.contains("<svg") && svg.contains("d = "), png + ": an SVG beside it, with the caption");
        }
        // the CSVs are enough: a redraw gives the same titled figures
        String title = titleOf(Files.readString(dir.resolve("loss.svg")));
        for (String f : Plots.FILES) {
            Files.delete(dir.resolve(f));
        }
        Plots.redraw(dir);
        assertEquals(title, titleOf(Files.readString(dir.resolve("loss.svg"))));
        assertTrue(Files.size(dir.resolve("norms.png")) > 1000);
    }

    private static String titleOf(String svg) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(">(loss[^<]*)<").matcher(svg);
        assertTrue(m.find(), "no loss title in the SVG");
        return m.group(1);
    }
}
