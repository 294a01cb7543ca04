package dev.barron.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code barron} command. Each subcommand is one class; to add one, write the class and
 * add it to the {@code subcommands} list below. --help and --version are inherited by every
 * subcommand.
 *
 * <p>Exit status: 0 success; 1 a failure while computing or writing; 2 bad input (one line on
 * stderr naming the parameter, its value and what is allowed; nothing written).
 */
@Command(name = "barron",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = BarronVersion.class,
        sortOptions = false,
        description = "Two-layer ReLU networks: closed-form population loss, path-norm prox and projection.",
        footer = {"", "Run 'barron COMMAND --help' for a command's options.",
                "Exit status: 0 success, 1 failure while computing or writing, 2 bad input (nothing written)."},
        subcommands = {
                // one line per command; each is one class annotated with @Command(name = ...)
                EvalCommand.class,
                ProxCommand.class,
                ProjectCommand.class,
                DevicesCommand.class,
                DemoCommand.class,
                TeacherStudentCommand.class,
                SurveyCommand.class,
                MergeCommand.class,
                MeasuresCommand.class,
                GeneralizationCommand.class,
        })
public final class BarronCli implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    /** {@code barron} with no subcommand: the replaceable {@link DefaultAction}. */
    @Override
    public Integer call() {
        return DefaultAction.run(spec.commandLine());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one command line in-process and returns its exit status (the tests use this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The configured command line: streams, and the one-line error handling. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BarronCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(BarronCli::onBadArguments);
        cl.setExecutionExceptionHandler((e, command, parseResult) -> onFailure(e, command));
        return cl;
    }

    /** Unknown option, missing required option, unconvertible value: one line, exit 2. */
    private static int onBadArguments(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = oneLine(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            boolean command0 = !command.getCommandSpec().subcommands().isEmpty() && !unmatched.isEmpty()
                    && !unmatched.get(0).startsWith("-");
            message = (command0 ? "unknown command '" + unmatched.get(0) + "'" : message)
                    + "; allowed: " + allowedWords(command.getCommandSpec());
        }
        command.getErr().println(command.getCommandName().equals("barron") ? "barron: " + message
                : "barron " + command.getCommandName() + ": " + message
                + " (see 'barron " + command.getCommandName() + " --help')");
        command.getErr().flush();
        return EXIT_BAD_INPUT;
    }

    private static int onFailure(Exception e, CommandLine command) {
        String prefix = command.getCommandName().equals("barron") ? "barron: " : "barron " + command.getCommandName() + ": ";
        if (e instanceof BadInputException) {
            command.getErr().println(prefix + oneLine(e.getMessage()));
            command.getErr().flush();
            return EXIT_BAD_INPUT;
        }
        command.getErr().println(prefix + "failed: " + oneLine(String.valueOf(e.getMessage()))
                + " (" + e.getClass().getSimpleName() + ")");
        if (System.getenv("BARRON_DEBUG") != null) {
            e.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return EXIT_FAILURE;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Subcommand names (at the top) or long option names (in a subcommand), for unknown-argument errors. */
    private static String allowedWords(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        if (!spec.subcommands().isEmpty()) {
            words.add("commands " + String.join(", ", spec.subcommands().keySet()));
        }
        List<String> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            options.add(o.longestName());
        }
        words.add("options " + String.join(", ", options));
        return String.join("; ", words);
    }
}
