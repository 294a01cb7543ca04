package dev.barron.cli;

import dev.barron.backend.Backends;
import dev.barron.experiments.Demo;
import dev.barron.experiments.Figures;
import dev.barron.experiments.ProgressBar;
import dev.barron.experiments.TeacherStudentExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** barron demo (also what plain `barron` runs): the T^-3 tail of an over-parameterised student, and m = k. */
@Command(name = "demo", sortOptions = false,
        description = {"The default demo: an over-parameterised and an exact student against 3 teachers.",
                "d = 20, k = 3 orthogonal unit teachers; an over-parameterised student (m = 9, small init) whose loss decays like T^-3, and an exact one (m = 3)",
                "that converges linearly. Writes OUT/over-m9 and OUT/exact-m3 (summaries and plots)."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("runs/demo");

    @Option(names = "--backend", defaultValue = Backends.AUTO, paramLabel = "NAME", description = "Default: ${DEFAULT-VALUE}.")
    String backend = Backends.AUTO;

    @Option(names = "--progress", description = "Redraw the progress bar in place even when stderr is not a terminal"
            + " (otherwise one line per phase there).")
    boolean progress;

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine(), out, backend, progress);
    }

    /** Runs the demo; the streams are those of the given command line. */
    static int run(CommandLine cl, Path out, String backendName, boolean progress) throws IOException {
        PrintWriter err = cl.getErr();
        PrintWriter stdout = cl.getOut();
        TeacherStudentExperiment.Prepared[] runs = BadInputException.guard(() -> {
            try {
                return Demo.prepare(out, backendName, err::println);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot prepare --out " + out + ": " + e.getMessage(), e);
            }
        });
        stdout.println("barron demo: gradient descent on the closed-form population loss of a two-layer ReLU student"
                + " against 3 orthogonal unit teachers in d = 20.");
        stdout.flush();
        String[] titles = {"over-parameterised (m = 9 > k = 3)", "exactly parameterised (m = k = 3)"};
        for (int i = 0; i < runs.length; i++) {
            try (TeacherStudentExperiment.Prepared p = runs[i]) {
                TeacherStudentExperiment.Report rep = TeacherStudentExperiment.execute(p,
                        ProgressBar.onStderr(i == 0 ? "m=9" : "m=3", 0, progress));
                TrainingReport.print(stdout, titles[i], p.config(), rep);
            }
        }
        stdout.println("plots: " + Demo.overDir(out).resolve("loss.png") + " (the fitted rate: log-log for a power law, semilog for linear convergence), angles, norms, each .png and .svg;"
                + " the same in " + Demo.exactDir(out));
        stdout.println("more: barron teacher-student --help, barron survey --help");
        stdout.flush();
        Figures.note().ifPresent(Quiet.notices(err, false));
        return BarronCli.EXIT_OK;
    }
}
