package dev.barron.cli;

import dev.barron.backend.Backend;
import dev.barron.experiments.Provenance;
import dev.barron.backend.ProblemSize;
import dev.barron.io.DirectoryLock;
import dev.barron.io.PendingFiles;
import dev.barron.measures.ComplexityMeasures;
import dev.barron.measures.Measure;
import dev.barron.measures.MeasureInputs;
import dev.barron.measures.MeasureValues;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** barron measures: the complexity measures of Jiang et al.'s study for a network given as weight files. */
@Command(name = "measures", sortOptions = false,
        description = {"Complexity measures of a two-layer relu network given as weight files.",
                "Number of parameters, Frobenius norm, distance to initialisation (--W0, --a0),",
                "spectral complexity (Bartlett-Foster-Telgarsky and Jiang et al.'s forms), l2 and l1",
                "path norms, and with data (--X, --y) Fisher-Rao and the output-normalised forms.",
                "Layers A_1 = W, A_2 = s a^T; formulas in docs/MATH.md section 10. Writes DIR/measures.json."})
public final class MeasuresCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    NetworkFiles network;

    @Option(names = "--W0", paramLabel = "FILE", description = "First layer at initialisation, m x d (with --a0).")
    Path w0;

    @Option(names = "--a0", paramLabel = "FILE", description = "Outer weights at initialisation, length m (with --W0).")
    Path a0;

    @Option(names = "--X", paramLabel = "FILE", description = "Inputs, n x d, one sample a row (with --y).")
    Path x;

    @Option(names = "--y", paramLabel = "FILE", description = "Targets, length n (with --X).")
    Path y;

    @Option(names = "--measures", paramLabel = "LIST", split = ",", defaultValue = "all",
            description = "Measures to compute, by key, or all (every measure the inputs allow). Keys: ${COMPLETION-CANDIDATES}.",
            completionCandidates = MeasureKeys.class)
    List<String> measures;

    @Mixin
    BackendChoice backend;

    @Mixin
    Quiet quiet;

    @Mixin
    OutputDir out;

    /** The measure keys, for --help. */
    static final class MeasureKeys extends ArrayList<String> {
        MeasureKeys() {
            for (Measure m : Measure.values()) {
                add(m.key());
            }
        }
    }

    private MeasureInputs readInputs() {
        EvalCommand.requirePair(w0, "--W0", a0, "--a0");
        EvalCommand.requirePair(x, "--X", y, "--y");
        backend.checkName();
        out.check();
        Network net = network.read(Activation.RELU);
        int m = net.width();
        int d = net.inputDim();
        Network init = null;
        if (w0 != null) {
            Matrix wInit = NetworkFiles.readMatrixWithColumns(w0, "--W0", d, 1);
            if (wInit.rows() != m) {
                throw BadInputException.of("--W0", w0 + " (shape (" + wInit.rows() + ", " + d + "))",
                        "must have m = " + m + " rows, the shape of --W");
            }
            init = net.withWeights(wInit, NetworkFiles.readVector(a0, "--a0", m, "one per row of --W"));
        }
        Matrix xm = null;
        double[] yv = null;
        if (x != null) {
            xm = NetworkFiles.readMatrixWithColumns(x, "--X", d, 1);
            yv = NetworkFiles.readVector(y, "--y", xm.rows(), "one per row of --X");
        }
        return new MeasureInputs(net, init, xm, yv);
    }

    /** The measures asked for; each must be computable from the inputs given. */
    private Set<Measure> chosen(MeasureInputs in) {
        Set<Measure> set = EnumSet.noneOf(Measure.class);
        for (String key : measures) {
            if (key.equals("all")) {
                for (Measure m : Measure.values()) {
                    if (m.available(in.hasInit(), in.hasData())) {
                        set.add(m);
                    }
                }
                continue;
            }
            Measure m = byKey(key);
            if (!m.available(in.hasInit(), in.hasData())) {
                boolean init = m.needs().init() && !in.hasInit();
                throw BadInputException.of(init ? "--W0" : "--X", "(missing)",
                        "measure " + key + " needs " + (init ? "the initialisation --W0 and --a0" : "data --X and --y"));
            }
            set.add(m);
        }
        return set;
    }

    private static Measure byKey(String key) {
        List<String> keys = new ArrayList<>();
        for (Measure m : Measure.values()) {
            if (m.key().equals(key)) {
                return m;
            }
            keys.add(m.key());
        }
        throw BadInputException.of("--measures", key, "allowed: all, " + String.join(", ", keys));
    }

    @Override
    public Integer call() {
        MeasureInputs in = BadInputException.guard(this::readInputs);
        Set<Measure> wanted = BadInputException.guard(() -> chosen(in));
        Network net = in.net();
        ProblemSize size = new ProblemSize(net.width(), 0, net.inputDim(), in.hasData() ? in.x().rows() : 0);
        try (DirectoryLock lock = out.lock(spec.commandLine().getErr());
             Backend be = backend.open(size, quiet.notices(spec.commandLine().getErr()))) {
            MeasureValues values = ComplexityMeasures.compute(in, be);
            Map<String, Object> report = Reports.header("measures");
            report.putAll(BackendChoice.describe(be));
            report.put("provenance", Provenance.of(be).toMap());
            report.put("scaling", net.scaling().label());
            report.put("shapes", Reports.shapes(net));
            report.put("inputs", inputs());
            Map<String, Object> found = new LinkedHashMap<>();
            Map<String, Object> definitions = new LinkedHashMap<>();
            List<String> undefined = new ArrayList<>();
            for (Measure m : wanted) {
                definitions.put(m.key(), m.definition());
                if (values.has(m)) {
                    found.put(m.key(), values.get(m));
                } else {
                    undefined.add(m.key());
                }
            }
            report.put("measures", found);
            if (!undefined.isEmpty()) {
                report.put("undefined", Reports.map("measures", undefined, "why", "the network's output is 0 on every row of --X (gamma = 0)"));
            }
            report.put("sigma_max_w", Reports.map("value", values.sigmaW().sigma(), "lanczos_steps", values.sigmaW().steps(),
                    "relative_residual", values.sigmaW().relativeResidual()));
            if (in.hasData()) {
                report.put("gamma_rms_output", values.gamma());
            }
            report.put("definitions", definitions);
            PrintWriter stdout = spec.commandLine().getOut();
            String summary = found.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(java.util.stream.Collectors.joining("\n"));
            out.write(new PendingFiles().addJson("measures.json", report), stdout, report, summary);
        }
        return BarronCli.EXIT_OK;
    }

    private Map<String, Object> inputs() {
        return Reports.inputs(network, "w0", w0, "a0", a0, "x", x, "y", y);
    }
}
