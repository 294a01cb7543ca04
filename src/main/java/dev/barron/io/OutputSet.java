package dev.barron.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Replaces the result files of a directory as one set, with a write-ahead journal, under the
 * directory's {@link DirectoryLock}.
 *
 * <p>Why a journal and not a swap of whole directories: an output directory may also hold the
 * user's own files (the inputs of the command, other results), which a directory swap would
 * delete; and a lock file inside the directory must stay where it is. So the files are staged
 * in a hidden subdirectory of the output directory (same file system: the renames below need no
 * space, a full disk fails the staging while the old set is untouched), together with the list
 * of names of the new set and of the previous set's files to remove. Renaming the staging
 * directory to {@value #COMMIT} is the commit point: before it, the old set stands and the
 * staging is garbage; after it, the new set is due and is completed ("rolled forward") by this
 * process or, after a crash, by the next writer of the directory before anything else.
 * {@value #MANIFEST} lists the names of the current set; it is what lets the next command
 * remove files of this one (an eval without a teacher leaves no stale grad_W.npy), and it never
 * names a file of the user's.
 */
public final class OutputSet {

    /** The names of the files of the command that wrote the directory last, one a line. */
    public static final String MANIFEST = ".barron-files";
    static final String COMMIT = ".barron-commit";
    private static final String STAGING = ".barron-staging-";
    private static final String JOURNAL = ".barron-set";

    private OutputSet() {
    }

    /** Stages the files, commits them as a set, and removes the previous set's files that are not in it. */
    static void replace(Path dir, Map<String, byte[]> files) throws IOException {
        Set<String> stale = new LinkedHashSet<>(readManifest(dir));
        stale.removeAll(files.keySet());
        Path staging = Files.createTempDirectory(dir, STAGING);
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                byte[] bytes = e.getValue();
                writeSynced(staging.resolve(e.getKey()), bytes);
            }
            StringBuilder journal = new StringBuilder();
            files.keySet().forEach(n -> journal.append("+").append(n).append('\n'));
            stale.forEach(n -> journal.append("-").append(n).append('\n'));
            writeSynced(staging.resolve(JOURNAL), journal.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(staging, dir.resolve(COMMIT), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(staging);
        }
        syncDirectory(dir);
        rollForward(dir);
    }

    /**
     * Run by every writer once it holds the lock: completes a set a killed writer had committed,
     * and removes what killed writers left half done (staging directories, AtomicFiles'
     * temporaries "." + name + ".*.tmp").
     */
    public static void recover(Path dir, Consumer<String> notices) throws IOException {
        if (Files.isDirectory(dir.resolve(COMMIT))) {
            rollForward(dir);
            notices.accept("note: completed the result files an interrupted command had committed in " + dir);
        }
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            listing.filter(p -> isLeftover(p.getFileName().toString())).forEach(leftovers::add);
        }
        for (Path p : leftovers) {
            deleteTree(p);
        }
    }

    static boolean isLeftover(String name) {
        return name.startsWith(STAGING) || name.startsWith(".") && name.endsWith(".tmp") && name.length() > 5;
    }

    private static void rollForward(Path dir) throws IOException {
        Path commit = dir.resolve(COMMIT);
        List<String> added = new ArrayList<>();
        for (String line : Files.readAllLines(commit.resolve(JOURNAL), StandardCharsets.UTF_8)) {
            String name = line.substring(1);
            if (!safeName(name)) {
                throw new IOException(commit.resolve(JOURNAL) + " names '" + name + "', not a plain file name");
            }
            if (line.startsWith("+")) {
                added.add(name);
                if (Files.exists(commit.resolve(name))) {
                    move(commit.resolve(name), dir.resolve(name));
                }
            } else {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
        Path manifestTmp = dir.resolve(MANIFEST + "." + ProcessHandle.current().pid() + ".tmp");
        writeSynced(manifestTmp, String.join("\n", added).concat("\n")
                .getBytes(StandardCharsets.UTF_8));
        move(manifestTmp, dir.resolve(MANIFEST));
        deleteTree(commit);
        syncDirectory(dir);
    }

    static List<String> readManifest(Path dir) throws IOException {
        try {
            List<String> names = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                if (safeName(line)) {
                    names.add(line);
                }
            }
            return names;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    static boolean safeName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.equals(".") && !name.equals("..");
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            var buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the renames durable where the platform allows opening a directory (Linux does). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: not every platform can sync a directory
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
