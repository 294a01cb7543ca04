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
                ErmCommand.class,
                RateCommand.class,
                RfmCommand.class,
                SeparationCommand.class,
                DoubleDescentCommand.class,
                ScalingLawCommand.class,
                DevicesCommand.class,
                DemoCommand.class,
                TeacherStudentCommand.class,
                SurveyCommand.class,
                SweepCommand.class,
                MergeCommand.class,
                MeasuresCommand.class,
                GeneralizationCommand.class,
                PlotCommand.class,
        })
public final class BarronCli implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On a failure, print the Java stack trace after the one-line message.")
    boolean debug;

    /** {@code barron} with no subcommand: the replaceable {@link DefaultAction}. */
    @Override
    public Integer call() {
        return DefaultAction.run(spec.commandLine());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        boolean debug = List.of(args).contains("--debug");
        // A failure on a thread nobody joins is reported in one line too (the JVM's default
        // handler prints a stack trace); the thread that waits for that work fails on its own.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            err.println("barron: failed on thread " + thread.getName() + ": " + describe(e));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
        });
        int status;
        try {
            status = run(out, err, args);
        } catch (Throwable e) { // an Error (out of memory, stack overflow) passes picocli's handlers
            err.println(prefix(args) + "failed: " + describe(e));
            if (debug) {
                e.printStackTrace(err);
            }
            status = EXIT_FAILURE;
        }
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
        cl.setExecutionExceptionHandler((e, command, parseResult) -> onFailure(e, command, debug(parseResult)));
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

    private static int onFailure(Exception e, CommandLine command, boolean debug) {
        String prefix = command.getCommandName().equals("barron") ? "barron: " : "barron " + command.getCommandName() + ": ";
        if (e instanceof BadInputException) {
            command.getErr().println(prefix + oneLine(e.getMessage()));
            command.getErr().flush();
            return EXIT_BAD_INPUT;
        }
        command.getErr().println(prefix + "failed: " + describe(e));
        if (debug || System.getenv("BARRON_DEBUG") != null) {
            e.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        return EXIT_FAILURE;
    }

    /** "barron NAME: " for the subcommand named on the command line, as picocli's handlers write it. */
    private static String prefix(String[] args) {
        for (Class<?> c : BarronCli.class.getAnnotation(Command.class).subcommands()) {
            String name = c.getAnnotation(Command.class).name();
            if (List.of(args).contains(name)) {
                return "barron " + name + ": ";
            }
        }
        return "barron: ";
    }

    /** --debug anywhere on the command line (it is inherited by every subcommand). */
    private static boolean debug(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line for a failure. Out of memory anywhere in the cause chain (a worker thread's is
     * wrapped) is named as such, with the way to give the JVM more.
     */
    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return "out of memory (" + c.getMessage() + "); give Java more memory, e.g. BARRON_JAVA_OPTS=-Xmx"
                        + suggestedHeapGb() + "g (this JVM's maximum heap is "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB), or choose a smaller problem";
            }
        }
        return oneLine(String.valueOf(e.getMessage())) + " (" + e.getClass().getSimpleName() + ")";
    }

    private static long suggestedHeapGb() {
        long gb = Runtime.getRuntime().maxMemory() >> 30;
        return Math.max(2, 4 * Math.max(1, gb));
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
