package dev.barron.io;

import dev.barron.model.Matrix;
import dev.barron.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.barron.io.NpyTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightFilesTest {

    @TempDir
    Path dir;

    @Test
    void choosesTheFormatByExtension() throws IOException {
        Matrix m = Matrix.of(new double[]{1, 2}, new double[]{3, 4});
        Path npy = dir.resolve("w.npy");
        Path csv = dir.resolve("w.CSV");
        WeightFiles.write(npy, m, Precision.F64);
        WeightFiles.write(csv, m, Precision.F64);
        assertEquals((byte) 0x93, Files.readAllBytes(npy)[0], "the .npy file starts with the numpy magic");
        assertTrue(Files.readString(csv).startsWith("1.0,2.0\n"));
        assertEquals(m, WeightFiles.readMatrix(npy, "--W"));
        assertEquals(m, WeightFiles.readMatrix(csv, "--W"));
        WeightFiles.write(dir.resolve("a.npy"), new double[]{5, 6}, Precision.F32);
        assertArrayEquals(new double[]{5, 6}, WeightFiles.readVector(dir.resolve("a.npy"), "--a"), 0.0);
    }

    @Test
    void unknownExtensionIsRejectedBeforeTouchingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightFiles.read(dir.resolve("w.txt"), "--W"));
        assertMessage(e, "--W", "w.txt", ".npy, .csv");
        assertThrows(IllegalArgumentException.class,
                () -> WeightFiles.write(dir.resolve("out.bin"), new double[]{1}, Precision.F64));
        assertFalse(Files.exists(dir.resolve("out.bin")));
    }

    @Test
    void pendingFilesWriteNothingUntilAskedAndRefuseNonFiniteResults() throws IOException {
        Path out = dir.resolve("run");
        PendingFiles files = new PendingFiles()
                .addNpy("grad.npy", new double[]{1, 2}, Precision.F64)
                .addJson("r.json", new java.util.LinkedHashMap<>(java.util.Map.of("loss", 0.5)));
        assertFalse(Files.exists(out));
        assertThrows(IllegalStateException.class, () -> files.addNpy("bad.npy", new double[]{Double.NaN}, Precision.F64));
        assertThrows(IllegalStateException.class,
                () -> files.addJson("bad.json", java.util.Map.of("loss", Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> files.add("../escape", o -> { }));
        assertEquals(java.util.List.of("grad.npy", "r.json"), files.names());
        files.writeTo(out, "test");
        assertArrayEquals(new double[]{1, 2}, Npy.readVector(out.resolve("grad.npy"), "grad"), 0.0);
        assertEquals(0.5, PendingFiles.JSON.readTree(out.resolve("r.json").toFile()).get("loss").asDouble(), 0.0);
        try (var listing = Files.list(out)) {
            assertEquals(java.util.List.of(OutputSet.MANIFEST, "grad.npy", "r.json"),
                    listing.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left behind");
        }
        try (var listing = Files.list(dir)) {
            assertEquals(java.util.List.of(out), listing.toList(), "no staging directory left behind");
        }
        files.writeTo(out, "test");
        try (var listing = Files.list(out)) {
            assertEquals(3, listing.count(), "writing into an existing directory replaces the files");
        }
    }
}
