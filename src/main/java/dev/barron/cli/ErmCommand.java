package dev.barron.cli;

import dev.barron.backend.Backend;
import dev.barron.backend.ProblemSize;
import dev.barron.experiments.ErmConfig;
import dev.barron.experiments.ErmData;
import dev.barron.experiments.ErmFiles;
import dev.barron.experiments.ErmFit;
import dev.barron.experiments.ErmResult;
import dev.barron.experiments.ErmTarget;
import dev.barron.experiments.Figures;
import dev.barron.io.DirectoryLock;
import dev.barron.io.WeightFiles;
import dev.barron.model.Matrix;
import dev.barron.model.Teacher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** barron erm: ERM in the path-norm ball (docs/MATH.md section 11). */
@Command(name = "erm", sortOptions = false,
        description = {"Constrained ERM in the path-norm ball {||theta||_P <= R} by projected gradient steps",
                "(docs/MATH.md section 11). Writes DIR/erm.json (train risk, excess risk ||f - f*||^2, path norm,",
                "constraint active, steps, time, provenance), DIR/curve.csv, DIR/curve.svg, the fitted W.npy, a.npy",
                "and the target target_V.npy, target_b.npy."})
public final class ErmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--d", paramLabel = "D", defaultValue = "10", description = "Input dimension (a random target). Default: ${DEFAULT-VALUE}.")
    int d;

    @Option(names = "--m", paramLabel = "M", defaultValue = "64", description = "Student width. Default: ${DEFAULT-VALUE}.")
    int m;

    @Option(names = "--n", paramLabel = "N", defaultValue = "1000", description = "Sample size (drawn). Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--radius", paramLabel = "R",
            description = "Radius of the ball, a number > 0 or inf (unconstrained ERM). Default: --radius-factor x ||f*||_P.")
    String radius;

    @Option(names = "--radius-factor", paramLabel = "F", defaultValue = "1",
            description = "R = F ||f*||_P when --radius is not given. Default: ${DEFAULT-VALUE}.")
    double radiusFactor;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "2000", description = "Step budget. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--V", paramLabel = "FILE", description = "Target V (k x d, .npy/.csv/.npz) instead of a random one.")
    Path vFile;

    @Option(names = "--b", paramLabel = "FILE", description = "Target b (length k); default ones.")
    Path bFile;

    @Option(names = "--X", paramLabel = "FILE", description = "Given inputs X (n x d) instead of a drawn sample; needs --y.")
    Path xFile;

    @Option(names = "--y", paramLabel = "FILE", description = "Given labels y (length n).")
    Path yFile;

    @Mixin
    ErmOptions fit;

    @Mixin
    BackendChoice backend;

    @Mixin
    Quiet quiet;

    @Mixin
    OutputDir out;

    private ErmConfig readInputs() {
        backend.checkName();
        out.check();
        ErmTarget target = fit.randomTarget();
        int dim = d;
        if (vFile != null) {
            Matrix v = WeightFiles.readMatrix(vFile, "--V");
            double[] b = bFile == null ? ones(v.rows()) : WeightFiles.readVector(bFile, "--b");
            target = new ErmTarget.Given(new Teacher(v, b));
            dim = v.cols();
        } else if (bFile != null) {
            throw BadInputException.of("--b", bFile, "needs --V");
        }
        ErmData data = null;
        int size = n;
        if (xFile != null || yFile != null) {
            if (xFile == null || yFile == null) {
                throw BadInputException.of(xFile == null ? "--y" : "--X", xFile == null ? yFile : xFile, "needs both --X and --y");
            }
            Matrix x = WeightFiles.readMatrix(xFile, "--X");
            if (vFile != null && x.cols() != dim) {
                throw BadInputException.of("--X", xFile, "has d = " + x.cols() + " columns; the teacher --V has d = " + dim);
            }
            dim = x.cols();
            data = new ErmData(x, WeightFiles.readVector(yFile, "--y"));
            size = x.rows();
        }
        if (size < 1) {
            throw BadInputException.of("--n", size, "must be >= 1");
        }
        double r = ErmOptions.radius(radius, radiusFactor, target.pathNorm());
        return fit.config(dim, m, size, target, r, steps, seed, data);
    }

    private static double[] ones(int k) {
        double[] b = new double[k];
        java.util.Arrays.fill(b, 1.0);
        return b;
    }

    @Override
    public Integer call() {
        ErmConfig c = BadInputException.guard(this::readInputs);
        try (DirectoryLock lock = out.lock(spec.commandLine().getErr());
             Backend b = backend.open(new ProblemSize(c.m(), 0, c.d(), c.n()), quiet.notices(spec.commandLine().getErr()))) {
            ErmResult r = ErmFit.run(b, c);
            Map<String, Object> report = new LinkedHashMap<>(Reports.header("erm"));
            report.putAll(BackendChoice.describe(b));
            report.put("config", ErmFiles.config(c));
            report.put("result", ErmFiles.summary(r));
            out.write(ErmFiles.of(c, r, b), spec.commandLine().getOut(), report, summary(c, r));
        }
        Figures.note().ifPresent(quiet.notices(spec.commandLine().getErr()));
        return BarronCli.EXIT_OK;
    }

    static String summary(ErmConfig c, ErmResult r) {
        String excess = r.excessRiskExact() ? String.format("%.6g (exact)", r.excessRisk())
                : String.format("%.6g +- %.2g (Monte Carlo, %d points)", r.excessRisk(), r.excessRiskStdErr(), c.evalPoints());
        return String.format("train risk %.6g, excess risk %s, path norm %.6g (R = %s, %s), %d steps (%s), %.2f s",
                r.trainRisk(), excess, r.pathNorm(), c.constrained() ? String.format("%.6g", c.radius()) : "inf",
                r.constraintActive() ? "constraint active" : "constraint inactive", r.steps(), r.stop().label(),
                r.wallSeconds());
    }
}
