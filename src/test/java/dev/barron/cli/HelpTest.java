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
