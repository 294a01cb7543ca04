package dev.barron.cli;

import dev.barron.backend.Backend;
import dev.barron.experiments.Provenance;
import dev.barron.backend.ProblemSize;
import dev.barron.backend.ProjectionMethod;
import dev.barron.backend.ProjectionResult;
import dev.barron.io.DirectoryLock;
import dev.barron.io.PendingFiles;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** barron project: a feasible point of the path-norm ball (docs/MATH.md section 5.2). */
@Command(name = "project", sortOptions = false,
        description = {"A feasible point of the path-norm ball {||theta||_P <= R} (docs/MATH.md section 5.2).",
                "Writes DIR/W.npy, DIR/a.npy and DIR/project.json (path_norm_l1 reached,",
                "distance moved, radius, method, lambda)."})
public final class ProjectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkFiles network;

    @Option(names = "--radius", required = true, paramLabel = "R", description = "Radius of the ball, a finite number >= 0.")
    double radius;

    @Option(names = "--method", paramLabel = "M", defaultValue = "prox-bisection",
            converter = Converters.MethodConverter.class, completionCandidates = Converters.MethodLabels.class,
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ProjectionMethod method;

    @Mixin
    BackendChoice backend;

    @Mixin
    Quiet quiet;

    @Mixin
    OutputDir out;

    private Network readInputs() {
        Check.nonNegative("--radius", radius);
        backend.checkName();
        out.check();
        return network.read(Activation.RELU);
    }

    @Override
    public Integer call() {
        Network net = BadInputException.guard(this::readInputs);
        try (DirectoryLock lock = out.lock(spec.commandLine().getErr());
             Backend b = backend.open(new ProblemSize(net.width(), 0, net.inputDim(), 0), quiet.notices(spec.commandLine().getErr()))) {
            ProjectionResult r = b.pathNormProject(net, radius, method);
            Map<String, Object> report = Reports.header("project");
            report.putAll(BackendChoice.describe(b));
            report.put("provenance", Provenance.of(b).toMap());
            report.putAll(Reports.map(
                    "scaling", net.scaling().label(),
                    "method", method.label(),
                    "radius", radius,
                    "lambda", r.lambda(),
                    "path_norm_l1", r.pathNormL1(),
                    "distance", r.distance(),
                    "shapes", Reports.shapes(net),
                    "inputs", Reports.inputs(network)));
            PendingFiles files = new PendingFiles()
                    .addNpy("W.npy", r.network().w(), b.precision())
                    .addNpy("a.npy", network.shapedLikeA(r.network().a()), b.precision())
                    .addJson("project.json", report);
            out.write(files, spec.commandLine().getOut(), report, "path_norm_l1 " + r.pathNormL1() + " (radius " + radius + "), distance "
                    + r.distance() + (method == ProjectionMethod.PROX_BISECTION ? ", lambda " + r.lambda() : ""));
        }
        return BarronCli.EXIT_OK;
    }
}
