package dev.barron.cli;

import dev.barron.experiments.Figures;
import dev.barron.experiments.Plots;
import dev.barron.experiments.TeacherStudentExperiment;
import dev.barron.io.DirectoryLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** barron plot: the figures of run directories, redrawn from their CSVs. */
@Command(name = "plot", sortOptions = false,
        description = {"Redraws the figures of teacher-student run directories from their CSVs.",
                "Reads DIR/metrics.csv and DIR/config.json (nothing else) and writes loss, angles and",
                "norms as .png and .svg, as the run itself does: scripts/redraw-figures.sh runs it on",
                "every run under a directory."})
public final class PlotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run directories (teacher-student, demo).")
    List<Path> dirs;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Figures.unavailable().ifPresent(why -> {
            throw new IllegalStateException("figures cannot be drawn on this machine: " + why);
        });
        for (Path dir : dirs) {
            for (String needed : List.of("metrics.csv", TeacherStudentExperiment.CONFIG)) {
                if (!Files.isReadable(dir.resolve(needed))) {
                    throw BadInputException.of("DIR", dir, "is not a run directory (needs " + needed + ")");
                }
            }
        }
        for (Path dir : dirs) {
            try (DirectoryLock lock = BadInputException.guard(() -> DirectoryLock.acquire(dir, "DIR", err::println))) {
                Plots.redraw(dir);
            }
            spec.commandLine().getOut().println("redrew " + dir.resolve("loss.png") + ", angles.png, norms.png (and .svg)");
        }
        return BarronCli.EXIT_OK;
    }
}
