package dev.barron.cli;

import dev.barron.backend.Backend;
import dev.barron.experiments.Provenance;
import dev.barron.backend.LossGradient;
import dev.barron.backend.ProblemSize;
import dev.barron.io.DirectoryLock;
import dev.barron.io.PendingFiles;
import dev.barron.math.PathNorms;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Teacher;
import dev.barron.train.MetricsRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** barron eval: losses, path norms and a gradient of a network given as weight files. */
@Command(name = "eval", sortOptions = false,
        description = {"Losses, path norms and a gradient of a network given as weight files.",
                "Population loss against a teacher (closed form, x ~ N(0, I)), empirical",
                "loss on data (X, y), l1 and l2 path norms. Writes DIR/eval.json and, with",
                "a teacher or data, DIR/grad_W.npy and DIR/grad_a.npy (the population",
                "gradient when a teacher is given, else the empirical one; with both, the",
                "empirical one also goes to DIR/empirical_grad_W.npy, DIR/empirical_grad_a.npy)."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkFiles network;

    @Option(names = "--V", paramLabel = "FILE", description = "Teacher neurons, k x d (with --b).")
    Path v;

    @Option(names = "--b", paramLabel = "FILE", description = "Teacher outer weights, length k (with --V).")
    Path b;

    @Option(names = "--X", paramLabel = "FILE", description = "Inputs, n x d, one sample a row (with --y).")
    Path x;

    @Option(names = "--y", paramLabel = "FILE", description = "Targets, length n (with --X).")
    Path y;

    @Option(names = "--activation", paramLabel = "A", defaultValue = "relu",
            converter = Converters.ActivationConverter.class, completionCandidates = Converters.ActivationLabels.class,
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Activation activation;

    @Mixin
    BackendChoice backend;

    @Mixin
    Quiet quiet;

    @Mixin
    OutputDir out;

    private record Inputs(Network net, Teacher teacher, Matrix x, double[] y) {
        ProblemSize size() {
            return new ProblemSize(net.width(), teacher == null ? 0 : teacher.size(), net.inputDim(), x == null ? 0 : x.rows());
        }
    }

    static void requirePair(Path first, String firstName, Path second, String secondName) {
        if ((first == null) != (second == null)) {
            String missing = first == null ? firstName : secondName;
            throw BadInputException.of(missing, "(missing)", firstName + " and " + secondName + " go together; give both or neither");
        }
    }

    private Inputs readInputs() {
        requirePair(v, "--V", b, "--b");
        requirePair(x, "--X", y, "--y");
        backend.checkName();
        out.check();
        Network net = network.read(activation);
        int d = net.inputDim();
        Teacher teacher = null;
        if (v != null) {
            Matrix vm = NetworkFiles.readMatrixWithColumns(v, "--V", d, 1);
            double[] bv = NetworkFiles.readVector(b, "--b", vm.rows(), "one per row of --V");
            teacher = new Teacher(vm, bv);
        }
        Matrix xm = null;
        double[] yv = null;
        if (x != null) {
            xm = NetworkFiles.readMatrixWithColumns(x, "--X", d, 1);
            yv = NetworkFiles.readVector(y, "--y", xm.rows(), "one per row of --X");
        }
        return new Inputs(net, teacher, xm, yv);
    }

    @Override
    public Integer call() {
        Inputs in = BadInputException.guard(this::readInputs);
        Network net = in.net();
        try (DirectoryLock lock = out.lock(spec.commandLine().getErr());
             Backend be = backend.open(in.size(), quiet.notices(spec.commandLine().getErr()))) {
            LossGradient population = in.teacher() == null ? null : be.populationLossAndGradient(net, in.teacher());
            LossGradient empirical = in.x() == null ? null : be.empiricalLossAndGradient(in.x(), in.y(), net);
            LossGradient gradient = population != null ? population : empirical;

            Map<String, Object> report = Reports.header("eval");
            report.putAll(BackendChoice.describe(be));
            report.put("provenance", Provenance.of(be).toMap());
            report.putAll(Reports.map("activation", net.activation().label(), "scaling", net.scaling().label()));
            report.put("shapes", shapes(in));
            report.put("inputs", inputs());
            if (population != null) {
                report.put("population_loss", MetricsRow.reportedLoss(population.loss()));
            }
            if (empirical != null) {
                report.put("empirical_loss", empirical.loss());
            }
            report.put("path_norm_l1", PathNorms.l1(net));
            report.put("path_norm_l2", PathNorms.l2(net));
            report.put("gradient", population != null ? "population" : empirical != null ? "empirical" : "none");
            if (population != null && empirical != null) {
                // grad_*.npy stay the population gradient (as without data); the empirical one goes beside it
                report.put("empirical_gradient", List.of("empirical_grad_W.npy", "empirical_grad_a.npy"));
            }

            PendingFiles files = new PendingFiles().addJson("eval.json", report);
            if (gradient != null) {
                files.addNpy("grad_W.npy", gradient.gradW(), be.precision())
                        .addNpy("grad_a.npy", network.shapedLikeA(gradient.gradA()), be.precision());
            }
            if (population != null && empirical != null) {
                files.addNpy("empirical_grad_W.npy", empirical.gradW(), be.precision())
                        .addNpy("empirical_grad_a.npy", network.shapedLikeA(empirical.gradA()), be.precision());
            }
            out.write(files, spec.commandLine().getOut(), report, summary(report));
        }
        return BarronCli.EXIT_OK;
    }

    private static Map<String, Object> shapes(Inputs in) {
        Teacher t = in.teacher();
        return Reports.shapes(in.net(), "v", t == null ? null : t.v(), "b", t == null ? null : t.b(), "x", in.x(), "y", in.y());
    }

    private Map<String, Object> inputs() {
        return Reports.inputs(network, "v", v, "b", b, "x", x, "y", y);
    }

    private static String summary(Map<String, Object> report) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("population_loss", "empirical_loss", "path_norm_l1", "path_norm_l2")) {
            if (report.containsKey(key)) {
                parts.add(key + " " + report.get(key));
            }
        }
        return String.join(", ", parts);
    }
}
