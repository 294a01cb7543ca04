package dev.barron.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Result files get the mode the user's umask gives a new file (0644 under umask 022), so that
 * colleagues on shared storage can read them: the probe is a file created the ordinary way.
 */
class FileModesTest {

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void resultFilesHaveTheUmasksMode(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
        Path probe = Files.createFile(dir.resolve("probe"));
        String expected = mode(probe);
        AtomicFiles.writeString(dir.resolve("atomic.json"), "{}");
        OutputSet.replace(dir, "eval", Map.of("set.json", new byte[]{'{', '}'}));
        assertEquals(expected, mode(dir.resolve("atomic.json")));
        assertEquals(expected, mode(dir.resolve("set.json")));
        assertEquals(expected, mode(dir.resolve(OutputSet.MANIFEST)));
    }
}
