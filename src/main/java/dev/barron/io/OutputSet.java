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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
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
 * {@value #MANIFEST} lists, as command/name, the files each command wrote there last; it is
 * what lets the next run of a command remove its own files that the new set lacks (an eval
 * without a teacher leaves no stale grad_W.npy), and it never names a file of the user's.
 */
public final class OutputSet {

    /** Which command wrote which file of the directory, one "command/name" a line. */
    public static final String MANIFEST = ".barron-files";
    static final String COMMIT = ".barron-commit";
    private static final String STAGING = ".barron-staging-";
    private static final String JOURNAL = ".barron-set";
    /** AtomicFiles' temporaries: "." + name + "." + random digits + ".tmp". */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.\\d+\\.tmp");

    private OutputSet() {
    }

    /**
     * Stages the files, commits them as a set, and removes the sets this one supersedes: the
     * files the same command wrote there last time, and those of any other command whose set
     * this one overwrites in part (a project over a prox's W.npy and a.npy also removes the
     * prox.json that described them). The sets of other commands stay whole: an eval into the
     * directory of a prox (whose W.npy it may have just read) keeps the prox's result.
     */
    static void replace(Path dir, String command, Map<String, byte[]> files) throws IOException {
        if (!safeName(command)) {
            throw new IllegalArgumentException("a command name is a plain word, not '" + command + "'");
        }
        for (String name : files.keySet()) {
            if (name.startsWith(".barron")) {
                throw new IllegalArgumentException(name + ": names starting .barron are the directory's bookkeeping");
            }
        }
        StringBuilder journal = new StringBuilder();
        files.keySet().forEach(n -> journal.append('+').append(n).append('\n'));
        List<String[]> previous = readManifest(dir);
        Set<String> superseded = new HashSet<>(Set.of(command));
        previous.stream().filter(e -> files.containsKey(e[1])).forEach(e -> superseded.add(e[0]));
        for (String[] owned : previous) {
            if (files.containsKey(owned[1])) {
                continue;
            }
            journal.append(superseded.contains(owned[0]) ? "-" + owned[1] : "=" + owned[0] + "/" + owned[1]).append('\n');
        }
        files.keySet().forEach(n -> journal.append('=').append(command).append('/').append(n).append('\n'));
        Path staging = Files.createTempDirectory(dir, STAGING);
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                writeSynced(staging.resolve(e.getKey()), e.getValue());
            }
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

    /** A staging directory, or a temporary of AtomicFiles (".NAME.DIGITS.tmp"); a hidden file of the user's is not one. */
    public static boolean isLeftover(String name) {
        return name.startsWith(STAGING) || TEMPORARY.matcher(name).matches();
    }


    /** Journal lines: +name (move in), -name (remove), =command/name (the new manifest). */
    private static void rollForward(Path dir) throws IOException {
        Path commit = dir.resolve(COMMIT);
        StringBuilder manifest = new StringBuilder();
        for (String line : Files.readAllLines(commit.resolve(JOURNAL), StandardCharsets.UTF_8)) {
            String entry = line.isEmpty() ? "" : line.substring(1);
            if (line.startsWith("=") && parseEntry(entry) != null) {
                manifest.append(entry).append('\n');
                continue;
            }
            if (!safeName(entry) || !(line.startsWith("+") || line.startsWith("-"))) {
                throw new IOException(commit.resolve(JOURNAL) + " holds '" + line + "', not a journal line");
            }
            if (line.startsWith("-")) {
                Files.deleteIfExists(dir.resolve(entry));
            } else if (Files.exists(commit.resolve(entry))) {
                move(commit.resolve(entry), dir.resolve(entry));
            }
        }
        Path manifestTmp = dir.resolve(MANIFEST + "." + ProcessHandle.current().pid() + ".tmp");
        writeSynced(manifestTmp, manifest.toString().getBytes(StandardCharsets.UTF_8));
        move(manifestTmp, dir.resolve(MANIFEST));
        deleteTree(commit);
        syncDirectory(dir);
    }

    /** The manifest's entries as {command, name}; lines that are not entries are ignored. */
    static List<String[]> readManifest(Path dir) throws IOException {
        try {
            List<String[]> entries = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                String[] e = parseEntry(line);
                if (e != null) {
                    entries.add(e);
                }
            }
            return entries;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static String[] parseEntry(String line) {
        int slash = line.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String[] e = {line.substring(0, slash), line.substring(slash + 1)};
        return safeName(e[0]) && safeName(e[1]) ? e : null;
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
