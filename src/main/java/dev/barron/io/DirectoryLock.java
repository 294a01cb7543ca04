package dev.barron.io;

import dev.barron.model.Check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One writer per output directory: DIR/.barron.lock, held with an OS file lock for as long as a
 * command writes there, and recording its owner (pid, host, process start time).
 *
 * <p>Two mechanisms, because neither is enough alone: the OS lock is released by the kernel
 * when its process dies however it dies (kill -9 included), so a crash never leaves a lock that
 * must be removed by hand; the owner record is what a refusal can name, and it still protects
 * where the file system ignores locks (some network mounts): a record naming a live process of
 * this host (same pid and same start time, so a recycled pid does not count) refuses even when
 * the OS lock was granted. A record left by a dead process of this host is stale and taken over
 * with one note. A record from another host cannot be checked from here: it is refused, with
 * the way to clear it, rather than risk two writers.
 *
 * <p>The lock file stays when released (its record emptied): deleting it would let a waiting
 * process lock the deleted file while a third creates a new one. The one exception is a
 * directory this lock created and that is still empty at release (a command refused after
 * locking leaves nothing behind); a process that opened the file meanwhile sees it gone after
 * locking and starts again.
 */
public final class DirectoryLock implements AutoCloseable {

    public static final String FILE = ".barron.lock";
    private static final int MAX_RECORD = 4096;

    /** The owner a lock file records. */
    record Owner(long pid, String host, String started) {
        String line() {
            return "pid " + pid + " host " + host + " started " + started + "\n";
        }

        static Optional<Owner> parse(String text) {
            String[] f = text.strip().split(" ");
            if (f.length != 6 || !f[0].equals("pid") || !f[2].equals("host") || !f[4].equals("started")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Owner(Long.parseLong(f[1]), f[3], f[5]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        String describe() {
            return "pid " + pid + " on " + host + " (started " + started + ")";
        }

        static Owner self() {
            ProcessHandle me = ProcessHandle.current();
            return new Owner(me.pid(), localHost(), startOf(me));
        }

        /** Alive here: this host, a process with that pid, started when the record says. */
        boolean aliveHere() {
            return host.equals(localHost()) && ProcessHandle.of(pid).map(p -> p.isAlive() && startOf(p).equals(started)).orElse(false);
        }
    }

    private final Path dir;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean createdDir;

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock, boolean createdDir) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.channel = channel;
        this.lock = lock;
        this.createdDir = createdDir;
    }

    /**
     * Takes the lock of dir, creating dir if needed. A lock held by a live writer is refused with
     * IllegalArgumentException (the caller's input: choose another directory or wait), naming
     * the owner; a stale one is taken over with one "note:" line to notices. Once held, what an
     * interrupted writer left is completed or removed ({@link OutputSet#recover}).
     */
    public static DirectoryLock acquire(Path dir, String parameter, Consumer<String> notices) {
        requireNamed(parameter, dir);
        Path abs = dir.toAbsolutePath().normalize();
        try {
            for (int attempt = 0; ; attempt++) {
                boolean created = !Files.isDirectory(abs);
                Files.createDirectories(abs);
                Optional<DirectoryLock> got = tryOnce(abs, parameter, dir, created, notices);
                if (got.isPresent()) {
                    try {
                        OutputSet.recover(abs, notices);
                    } catch (IOException | RuntimeException e) {
                        got.get().close();
                        throw e;
                    }
                    return got.get();
                }
                if (attempt > 20) {
                    throw new IOException("the lock file " + abs.resolve(FILE) + " keeps disappearing");
                }
            }
        } catch (IOException e) {
            throw Check.bad(parameter, dir, "cannot be locked for writing (" + e.getMessage() + ")");
        }
    }

    /** An empty path would silently mean the current directory: refused. */
    public static void requireNamed(String parameter, Path dir) {
        if (dir == null || dir.toString().isBlank()) {
            throw Check.bad(parameter, "\"" + (dir == null ? "" : dir) + "\"",
                    "give a directory path (an empty one is not taken to mean the current directory)");
        }
    }

    /** Empty when the lock file vanished under us (its directory was released as empty): try again. */
    private static Optional<DirectoryLock> tryOnce(Path abs, String parameter, Path given, boolean created,
                                                   Consumer<String> notices) throws IOException {
        Path file = abs.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very process holds it (another command in the same JVM)
            }
            Optional<Owner> recorded = Owner.parse(read(ch));
            if (lock == null) {
                throw held(parameter, given, recorded.map(Owner::describe).orElse("another process"));
            }
            if (!sameFile(ch, file)) {
                lock.release();
                ch.close();
                return Optional.empty();
            }
            Owner me = Owner.self();
            if (recorded.isPresent() && !recorded.get().equals(me)) {
                Owner old = recorded.get();
                if (old.aliveHere()) {
                    throw held(parameter, given, old.describe() + ", whose lock this file system did not enforce");
                }
                if (!old.host().equals(me.host())) {
                    throw held(parameter, given, old.describe() + "; if that process is gone, delete " + file);
                }
                notices.accept("note: " + given + " was locked by " + old.describe()
                        + ", which is no longer running; taking it over");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.line().getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return Optional.of(new DirectoryLock(abs, ch, lock, created));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static IllegalArgumentException held(String parameter, Path dir, String owner) {
        return Check.bad(parameter, dir, "is being written by " + owner
                + "; wait for it to finish or choose another directory");
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_RECORD);
        ch.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    /**
     * The path still names the file we locked, not one deleted and recreated meanwhile. Java has
     * no fstat, so the locked file grows by one byte and the path must show it; only a lock
     * holder writes to the file, so nobody else changes its size meanwhile.
     */
    private static boolean sameFile(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        ch.write(ByteBuffer.wrap(new byte[]{'\n'}), size);
        try {
            return Files.size(file) == size + 1;
        } catch (NoSuchFileException e) {
            return false;
        } finally {
            ch.truncate(size);
        }
    }

    public Path directory() {
        return dir;
    }

    /** Empties the record and releases the lock; removes a directory this lock created and nothing else filled. */
    @Override
    public void close() {
        try {
            if (createdDir && onlyLockFileIn(dir)) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            } else {
                channel.truncate(0);
            }
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean onlyLockFileIn(Path dir) throws IOException {
        try (var listing = Files.list(dir)) {
            return listing.allMatch(p -> p.getFileName().toString().equals(FILE));
        }
    }

    /** Looked up once: a slow resolver must not be asked at every lock. */
    private static final class Host {
        static final String NAME = lookUp();
    }

    static String localHost() {
        return Host.NAME;
    }

    private static String lookUp() {
        try {
            return InetAddress.getLocalHost().getHostName().replace(' ', '_');
        } catch (IOException e) {
            return Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown-host").replace(' ', '_');
        }
    }

    static String startOf(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toString).orElse("unknown");
    }
}
