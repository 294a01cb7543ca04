package dev.barron.cli;

import picocli.CommandLine;

/**
 * HOOK: what {@code barron} does when run with no arguments (and what {@code ./barron} in the
 * README runs): the default demo ({@link DemoCommand}), into ./runs/demo. Keep the signature: BarronCli calls it and exits with what it returns.
 */
public final class DefaultAction {

    private DefaultAction() {
    }

    /**
     * @param root the top-level command line (its getOut()/getErr() are the streams to use)
     * @return the exit status
     */
    public static int run(CommandLine root) {
        try {
            return DemoCommand.run(root, java.nio.file.Path.of("runs/demo"), dev.barron.backend.Backends.AUTO, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
