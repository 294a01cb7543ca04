package dev.barron.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configs are written with snake_case keys, and the camelCase files of earlier versions still read. */
class JsonFilesTest {

    record Config(double gradTol, String teacherV, int k) {
    }

    @Test
    void writesSnakeCaseAndReadsBoth(@TempDir Path dir) throws IOException {
        Config c = new Config(1e-9, "V.npy", 3);
        String written = PendingFiles.JSON.writeValueAsString(c);
        assertTrue(written.contains("\"grad_tol\"") && written.contains("\"teacher_v\""), written);
        Files.writeString(dir.resolve("new.json"), written);
        Files.writeString(dir.resolve("old.json"), "{\"gradTol\": 1e-9, \"teacherV\": \"V.npy\", \"k\": 3}");
        assertEquals(c, JsonFiles.read(dir.resolve("new.json"), Config.class));
        assertEquals(c, JsonFiles.read(dir.resolve("old.json"), Config.class));
    }
}
