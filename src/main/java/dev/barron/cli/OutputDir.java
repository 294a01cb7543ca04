package dev.barron.cli;

import dev.barron.io.PendingFiles;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** --out DIR: where a command writes its files, created only once every file is ready (a picocli mixin). */
public final class OutputDir {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory; created when the results are ready, existing files of the same name are replaced.")
    Path out;

    /** Fails early when --out cannot become a directory. */
    public void check() {
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

    /** Writes all files and lists them on out. */
    public void write(PendingFiles files, PrintWriter stdout) {
        try {
            files.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to --out " + out + ": " + e.getMessage(), e);
        }
        for (String name : files.names()) {
            stdout.println("wrote " + out.resolve(name));
        }
    }

    public Path path() {
        return out;
    }
}
