package dev.barron.cli;

import dev.barron.io.BuildInfo;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --help and --version on the top command and every subcommand, including those added later. */
class HelpTest {

    /**
     * picocli formats a command's description with String.format: a lone % makes it print the
     * text unwrapped, with a warning. (Option descriptions come back interpolated, %% as %.)
     */
    @Test
    void everyDescriptionIsAFormatString() {
        CommandLine root = BarronCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (CommandLine sub : root.getSubcommands().values()) {
            java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(sub.getCommandSpec().usageMessage().description()));
            for (String line : lines) {
                try {
                    String.format(line);
                } catch (java.util.IllegalFormatException e) {
                    throw new AssertionError(sub.getCommandName() + ": a % not written %%: " + line, e);
                }
            }
        }
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        CommandLine root = BarronCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertTrue(root.getSubcommands().keySet().containsAll(java.util.List.of("eval", "prox", "project", "devices")));
        for (String name : root.getSubcommands().keySet()) {
            CliRun help = CliRun.of(name, "--help");
            assertEquals(0, help.status(), help::toString);
            assertTrue(help.out().startsWith("Usage: barron " + name), help::toString);
            assertTrue(help.out().contains("--version"), help::toString);
            CliRun version = CliRun.of(name, "--version");
            assertEquals(0, version.status(), version::toString);
            assertTrue(version.out().startsWith("barron " + BuildInfo.version()), version::toString);
        }
        CliRun top = CliRun.of("--help");
        assertEquals(0, top.status());
        for (String name : root.getSubcommands().keySet()) {
            assertTrue(top.out().contains(name), "top-level help lists " + name);
        }
        assertEquals(0, CliRun.of("-V").status());
    }

    @Test
    void theVersionIsTheProjectVersion() {
        assertTrue(BuildInfo.version().matches("\\d+\\.\\d+.*"), BuildInfo.version());
    }
}
