package dev.barron.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The files that long runs append to as their runs finish (a survey's runs.csv, a study's
 * networks.csv): opened for appending, the header written only into a new or empty file, and
 * every line flushed at once, so that a kill loses at most the line being written (which
 * resume then cuts and redoes).
 */
public final class CsvAppender {

    private CsvAppender() {
    }

    /** Opens file for appending; header (null for none) goes first when the file is new or empty. */
    public static Writer open(Path file, String header) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (fresh && header != null) {
            w.write(header + "\n");
            w.flush();
        }
        return w;
    }

    /** Appends text (whole lines, with their newlines) and flushes it. */
    public static void append(Writer w, String text) {
        try {
            w.write(text);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
