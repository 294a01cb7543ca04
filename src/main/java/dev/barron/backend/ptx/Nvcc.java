package dev.barron.backend.ptx;

import dev.barron.backend.BackendException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * NVIDIA's CUDA compiler, found and run: Barron's kernel sources (OpenCL C written against
 * kernels/barron_portability.h) compiled as CUDA C++ to PTX text. No CUDA library is loaded into
 * the JVM; nvcc runs as a separate process, and the PTX it writes is handed to whoever loads it
 * (TornadoVM's PTX backend, which JIT-compiles it in the CUDA driver).
 */
public final class Nvcc {

    /**
     * The virtual architecture the PTX is generated for unless BARRON_PTX_ARCH says otherwise:
     * the oldest that CUDA 13's nvcc still accepts. A driver JIT-compiles PTX for any newer GPU.
     */
    public static final String DEFAULT_ARCH = "compute_75";

    private static final long TIMEOUT_SECONDS = 300;

    private final Path executable;

    private Nvcc(Path executable) {
        this.executable = executable;
    }

    /**
     * nvcc from $CUDA_HOME/bin, $CUDA_PATH/bin, the PATH, or /usr/local/cuda/bin, in that order;
     * empty when none is there.
     */
    public static Optional<Nvcc> find() {
        List<String> dirs = new ArrayList<>();
        for (String env : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = System.getenv(env);
            if (home != null && !home.isBlank()) {
                dirs.add(home + File.separator + "bin");
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.add("/usr/local/cuda/bin");
        for (String dir : dirs) {
            Path candidate = Path.of(dir, "nvcc");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Nvcc(candidate));
            }
        }
        return Optional.empty();
    }

    /** The virtual architecture to compile for: $BARRON_PTX_ARCH, else {@link #DEFAULT_ARCH}. */
    public static String arch() {
        String arch = System.getenv("BARRON_PTX_ARCH");
        return arch == null || arch.isBlank() ? DEFAULT_ARCH : arch.trim();
    }

    /** A sibling tool of this nvcc (ptxas, cuobjdump), if installed beside it. */
    public Optional<Path> sibling(String tool) {
        Path p = executable.resolveSibling(tool);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The PTX of source compiled as CUDA C++ for arch with the given -D definitions (NAME or
     * NAME=VALUE). A failed compile throws a BackendException that carries nvcc's output.
     */
    public String ptx(String source, String arch, List<String> defines) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("barron-nvcc-");
            Files.writeString(dir.resolve("barron_kernels.cu"), source, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--ptx", "-arch=" + arch, "-x", "cu"));
            for (String d : defines) {
                cmd.add("-D" + d);
            }
            cmd.addAll(List.of("-o", "barron_kernels.ptx", "barron_kernels.cu"));
            String log = run(dir, cmd);
            Path out = dir.resolve("barron_kernels.ptx");
            if (!Files.exists(out)) {
                throw new BackendException("ptx: nvcc wrote no PTX (" + String.join(" ", cmd) + "):\n" + log);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException("ptx: cannot run nvcc (" + executable + "): " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Runs a command (nvcc, ptxas) in dir; returns its output, or throws with it when the exit status is not 0. */
    public static String run(Path dir, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                throw new BackendException("ptx: " + cmd.get(0) + " ran past " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new BackendException("ptx: " + String.join(" ", cmd) + " failed (exit " + p.exitValue()
                        + "):\n" + log);
            }
            return log;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BackendException("ptx: interrupted while " + cmd.get(0) + " ran", e);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
