package dev.barron.cli;

import dev.barron.backend.Backend;
import dev.barron.experiments.Provenance;
import dev.barron.backend.ProblemSize;
import dev.barron.backend.ProxResult;
import dev.barron.io.DirectoryLock;
import dev.barron.io.PendingFiles;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;
import java.util.concurrent.Callable;

/** barron prox: the exact proximal point of lambda * ||theta||_P (docs/MATH.md section 5.1). */
@Command(name = "prox", sortOptions = false,
        description = {"Exact proximal point of lambda * path norm (docs/MATH.md section 5.1).",
                "argmin 1/2 |theta - theta0|^2 + lambda ||theta||_P, neuron by neuron",
                "(mean-field: lambda * s per neuron). Writes DIR/W.npy, DIR/a.npy and",
                "DIR/prox.json (objective, path_norm_l1, lambda)."})
public final class ProxCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkFiles network;

    @Option(names = "--lambda", required = true, paramLabel = "L", description = "Prox parameter, a finite number >= 0.")
    double lambda;

    @Mixin
    BackendChoice backend;

    @Mixin
    Quiet quiet;

    @Mixin
    OutputDir out;

    private Network readInputs() {
        Check.nonNegative("--lambda", lambda);
        backend.checkName();
        out.check();
        return network.read(Activation.RELU);
    }

    @Override
    public Integer call() {
        Network net = BadInputException.guard(this::readInputs);
        try (DirectoryLock lock = out.lock(spec.commandLine().getErr());
             Backend b = backend.open(new ProblemSize(net.width(), 0, net.inputDim(), 0), quiet.notices(spec.commandLine().getErr()))) {
            ProxResult r = b.pathNormProx(net, lambda);
            Map<String, Object> report = Reports.header("prox");
            report.putAll(BackendChoice.describe(b));
            report.put("provenance", Provenance.of(b).toMap());
            report.putAll(Reports.map(
                    "scaling", net.scaling().label(),
                    "lambda", lambda,
                    "objective", r.objective(),
                    "path_norm_l1", r.pathNormL1(),
                    "shapes", Reports.shapes(net),
                    "inputs", Reports.inputs(network)));
            PendingFiles files = new PendingFiles()
                    .addNpy("W.npy", r.network().w(), b.precision())
                    .addNpy("a.npy", network.shapedLikeA(r.network().a()), b.precision())
                    .addJson("prox.json", report);
            out.write(files, spec.commandLine().getOut(), report, "objective " + r.objective() + ", path_norm_l1 " + r.pathNormL1());
        }
        return BarronCli.EXIT_OK;
    }
}
