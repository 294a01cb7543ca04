package dev.barron.cli;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** --quiet for the one-shot commands (a picocli mixin): the notes a backend may print are dropped. */
public final class Quiet {

    @Option(names = "--quiet", description = "No notes on stderr (which BLAS or backend was used instead of the default).")
    boolean quiet;

    /** Where notes go: err, one flushed line each, or nowhere under --quiet. */
    Consumer<String> notices(PrintWriter err) {
        return notices(err, quiet);
    }

    static Consumer<String> notices(PrintWriter err, boolean quiet) {
        if (quiet) {
            return line -> { };
        }
        return line -> {
            err.println(line);
            err.flush();
        };
    }
}
