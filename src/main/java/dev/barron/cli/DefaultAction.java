package dev.barron.cli;

import picocli.CommandLine;

/**
 * HOOK: what {@code barron} does when run with no arguments (and what {@code ./barron} in the
 * README runs). For now it prints the usage; the training work replaces {@link #run} with the
 * default demo. Keep the signature: BarronCli calls it and exits with what it returns.
 */
public final class DefaultAction {

    private DefaultAction() {
    }

    /**
     * @param root the top-level command line (its getOut()/getErr() are the streams to use)
     * @return the exit status
     */
    public static int run(CommandLine root) {
        root.usage(root.getOut());
        return 0;
    }
}
