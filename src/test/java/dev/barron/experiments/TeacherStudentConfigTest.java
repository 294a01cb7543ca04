package dev.barron.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.barron.backend.ProjectionMethod;
import dev.barron.io.JsonFiles;
import dev.barron.io.PendingFiles;
import dev.barron.model.Activation;
import dev.barron.model.Labelled;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.train.Checkpoint;
import dev.barron.train.StopReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The typed configuration against the string files earlier versions wrote, written out by hand here. */
class TeacherStudentConfigTest {

    @TempDir
    Path tmp;

    /** A config.json as the string-typed record wrote it (camelCase keys, as the oldest files have them). */
    private static Map<String, Object> legacy() {
        Map<String, Object> m = new LinkedHashMap<>();
        Object[] kv = {"d", 6, "k", 2, "m", 5, "teacherKind", "identity", "teacherV", null, "teacherB", null,
                "init", "xavier", "initScale", 0.01, "initW", null, "initA", null, "outerInit", "ones", "lr", 0.5,
                "lrDecayEvery", 0, "lrDecayFactor", 1.0, "steps", 100, "stopLoss", 0.0, "gradTol", 0.0,
                "scaling", "mean-field", "trainOuter", true, "activation", "relu2", "objective", "online",
                "batch", 32, "samples", 0, "backend", "cpu", "device", null, "precision", "f32", "seed", 7,
                "projectRadius", 2.0, "projectMethod", "rescale", "alignAngle", 0.05, "recoveryTolerance", 0.05,
                "logPerDecade", 20, "anglesPerDecade", 4, "checkpointSeconds", 10.0};
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aStringTypedConfigFileReadsIntoTheEnums() throws Exception {
        Path file = tmp.resolve("config.json");
        Files.write(file, new ObjectMapper().writeValueAsBytes(legacy()));
        TeacherStudentConfig c = JsonFiles.read(file, TeacherStudentConfig.class);
        assertEquals(TeacherKind.IDENTITY, c.teacherKind());
        assertEquals(InitKind.XAVIER, c.init());
        assertEquals(OuterInit.ONES, c.outerInit());
        assertEquals(Scaling.MEAN_FIELD, c.scaling());
        assertEquals(Activation.RELU2, c.activation());
        assertEquals(ObjectiveKind.ONLINE, c.objective());
        assertEquals(Precision.F32, c.precision());
        assertEquals(ProjectionMethod.RESCALE, c.projectMethod());
    }

    @Test
    void writtenEnumsAreTheCommandLineLabelsUnderSnakeCaseKeys() throws Exception {
        TeacherStudentConfig c = TeacherStudentConfig.demo().with(Map.of("scaling", "mean-field", "precision", "f32"));
        String json = new String(PendingFiles.JSON.writeValueAsBytes(c));
        assertTrue(json.contains("\"scaling\" : \"mean-field\""), json);
        assertTrue(json.contains("\"teacher_kind\" : \"orthogonal\""), json);
        assertTrue(json.contains("\"project_method\" : \"prox-bisection\""), json);
        assertTrue(json.contains("\"precision\" : \"f32\""), json);
        assertFalse(json.matches("(?s).*\"[A-Z_]{3,}\".*"), "no Java constant names: " + json);
        Path file = tmp.resolve("config.json");
        Files.writeString(file, json);
        assertEquals(c, JsonFiles.read(file, TeacherStudentConfig.class), "a written config reads back equal");
    }

    /** Runs checkpointed before the typing must still resume: the hash is over the same bytes. */
    @Test
    void theCheckpointHashIsTheOneOfTheStringTypedRecord() throws Exception {
        Path file = tmp.resolve("config.json");
        Files.write(file, new ObjectMapper().writeValueAsBytes(legacy()));
        TeacherStudentConfig c = JsonFiles.read(file, TeacherStudentConfig.class);
        byte[] old = Checkpoint.configHash(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(legacy()));
        assertTrue(Arrays.equals(old, TeacherStudentExperiment.configHash(c)));
    }

    @Test
    void aBadValueInAFileIsOneLineNamingKeyValueAndAllowed() throws Exception {
        Map<String, Object> m = legacy();
        m.put("scaling", "meanfield");
        Path file = tmp.resolve("config.json");
        Files.write(file, new ObjectMapper().writeValueAsBytes(m));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonFiles.read(file, TeacherStudentConfig.class));
        assertTrue(e.getMessage().endsWith("(invalid scaling = meanfield: allowed: plain, mean-field); the file is damaged"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void parametersByNameParseAsTheCommandLineDoes() {
        TeacherStudentConfig c = TeacherStudentConfig.demo().with(Map.of("teacher_kind", "identity", "init-scale", "0.25",
                "m", 12, "objective", "FIXED", "samples", "128", "projectMethod", "l1-outer"));
        assertEquals(TeacherKind.IDENTITY, c.teacherKind());
        assertEquals(0.25, c.initScale());
        assertEquals(12, c.m());
        assertEquals(ObjectiveKind.FIXED, c.objective());
        assertEquals(128, c.samples());
        assertEquals(ProjectionMethod.L1_OUTER, c.projectMethod());
        assertEquals(TeacherStudentConfig.demo().lr(), c.lr(), "untouched parameters keep their values");

        String bad = assertThrows(IllegalArgumentException.class,
                () -> TeacherStudentConfig.demo().with(Map.of("activation", "tanh"))).getMessage();
        assertEquals("invalid activation = tanh: allowed: relu, step, erf, relu2", bad);
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> TeacherStudentConfig.demo().with(Map.of("widht", 3))).getMessage();
        assertTrue(unknown.startsWith("invalid parameter = widht: allowed: d, k, m, teacher_kind,"), unknown);
        String invalid = assertThrows(IllegalArgumentException.class,
                () -> TeacherStudentConfig.demo().with(Map.of("objective", "fixed", "samples", 10))).getMessage();
        assertEquals("invalid samples = 10: --objective fixed needs --samples >= --batch = 64", invalid);
        String l1 = assertThrows(IllegalArgumentException.class, () -> TeacherStudentConfig.demo().with(
                Map.of("project_radius", 1, "project_method", "l1-outer", "activation", "erf"))).getMessage();
        assertEquals("invalid activation = erf: l1-outer balances neurons, which preserves f only for relu", l1);
        String notANumber = assertThrows(IllegalArgumentException.class,
                () -> TeacherStudentConfig.demo().with(Map.of("lr", "fast"))).getMessage();
        assertTrue(notANumber.startsWith("invalid teacher-student config lr: "), notANumber);
        assertEquals(1, notANumber.lines().count());
    }

    @Test
    void aConfigThatDoesNotValidateInAFileIsTheConstructorsLine() throws Exception {
        Map<String, Object> m = legacy();
        m.put("k", 9);
        Path file = tmp.resolve("config.json");
        Files.write(file, new ObjectMapper().writeValueAsBytes(m));
        String e = assertThrows(IllegalArgumentException.class, () -> JsonFiles.read(file, TeacherStudentConfig.class)).getMessage();
        assertTrue(e.endsWith("(invalid k = 9: identity teachers need k <= d = 6); the file is damaged"), e);
    }

    /** The strings files have always held for each choice (config.json, summary.json, checkpoints, networks.csv). */
    @Test
    void everyChoiceKeepsTheLabelItsFilesHold() {
        assertEquals(List.of("plain", "mean-field"), Labelled.labels(Scaling.class));
        assertEquals(List.of("relu", "step", "erf", "relu2"), Labelled.labels(Activation.class));
        assertEquals(List.of("f64", "f32"), Labelled.labels(Precision.class));
        assertEquals(List.of("prox-bisection", "rescale", "l1-outer"), Labelled.labels(ProjectionMethod.class));
        assertEquals(List.of("budget", "loss", "gradient", "diverged"), Labelled.labels(StopReason.class));
        assertEquals(List.of("orthogonal", "identity", "gaussian", "files"), Labelled.labels(TeacherKind.class));
        assertEquals(List.of("gaussian", "xavier", "files"), Labelled.labels(InitKind.class));
        assertEquals(List.of("balanced", "ones"), Labelled.labels(OuterInit.class));
        assertEquals(List.of("population", "online", "fixed"), Labelled.labels(ObjectiveKind.class));
        assertEquals(List.of("ok", "diverged"), Labelled.labels(NetworkOutcome.Status.class));
    }

    @Test
    void missingChoicesAreRefusedByName() {
        String e = assertThrows(IllegalArgumentException.class,
                () -> TeacherStudentConfig.demo().with(Map.of("outer_init", ""))).getMessage();
        assertEquals("invalid outer_init = : allowed: balanced, ones", e);
    }
}
