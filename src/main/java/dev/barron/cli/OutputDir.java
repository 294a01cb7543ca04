package dev.barron.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.barron.io.DirectoryLock;
import dev.barron.io.PendingFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * --out DIR: where a command writes its files (a picocli mixin). The command locks it
 * ({@link #lock}) once its inputs are checked; when all are ready, its files replace, as one
 * set, those it wrote there before ({@link PendingFiles#writeTo}).
 */
public final class OutputDir {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory; the command's files replace, as one set, those it wrote there before.")
    Path out;

    /** Fails early when --out cannot become a directory. */
    public void check() {
        DirectoryLock.requireNamed("--out", out);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw BadInputException.of("--out", out, "exists and is not a directory; give a directory path");
        }
        for (Path p = out.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw BadInputException.of("--out", out, p + " is not a directory; give a directory path");
                }
                return;
            }
        }
    }

    /** Takes the directory for this command (exit 2 when another process writes there); close it when done. */
    public DirectoryLock lock(PrintWriter err) {
        return BadInputException.guard(() -> DirectoryLock.acquire(out, "--out", line -> {
            err.println(line);
            err.flush();
        }));
    }

    @Option(names = "--json", description = "Print the report on stdout as JSON (what DIR/<command>.json holds, "
            + "and the files written) instead of the summary lines.")
    boolean json;

    @Option(names = "--npz", description = "Also write DIR/<command>.npz, the .npy results in one archive (np.load(f)[\"W\"]).")
    boolean npz;

    /**
     * Writes all files (the caller holds the lock), then tells stdout: the files and the summary
     * line, or with --json the report with the files' paths, so that a script needs no second read.
     */
    public void write(PendingFiles files, PrintWriter stdout, Map<String, Object> report, String summary) {
        if (npz) {
            files.addNpzOfArrays(command.name() + ".npz");
        }
        try {
            files.writeTo(out, command.name());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to --out " + out + ": " + e.getMessage(), e);
        }
        List<String> written = files.names().stream().map(name -> out.resolve(name).toString()).collect(Collectors.toList());
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>(report);
            doc.put("files", written);
            try {
                stdout.println(PendingFiles.JSON.writeValueAsString(doc));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        written.forEach(path -> stdout.println("wrote " + path));
        stdout.println(summary);
    }

    public Path path() {
        return out;
    }
}
