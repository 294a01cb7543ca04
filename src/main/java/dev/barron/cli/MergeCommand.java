package dev.barron.cli;

import dev.barron.experiments.SweepMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** barron merge: the shards of one sweep (or survey) into one summary. */
@Command(name = "merge", sortOptions = false,
        description = {"Combines the shards of one sweep or survey into one summary.",
                "Combines the shard directories of one sweep or survey (barron sweep|survey --shard i/N)",
                "into OUT, whose summary files are identical to those of a single-machine run."})
public final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Shard directories.")
    List<Path> shards;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Merged sweep or survey directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw BadInputException.of("--out", out, "exists and is not a directory");
        }
        int n = BadInputException.guard(() -> {
            try {
                return SweepMerge.merge(shards, out, line -> spec.commandLine().getErr().println(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        spec.commandLine().getOut().println("merged " + shards.size() + " shards, " + n + " runs, into " + out);
        spec.commandLine().getOut().print(Files.readString(out.resolve("summary.md")));
        return BarronCli.EXIT_OK;
    }
}
