package dev.barron.experiments;

import dev.barron.backend.ProjectionMethod;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;

/**
 * The full configuration of one teacher-student run, as summary.json records it: a run can be
 * repeated from this record alone (file-given teachers and initialisations are copied into
 * the run directory).
 *
 * @param teacherKind   orthogonal (random orthonormal rows), identity (e_1..e_k), gaussian (N(0, I/d) rows), files
 * @param teacherV      file with V (k x d) for teacherKind = files
 * @param teacherB      file with b (length k) for files; otherwise b = 1
 * @param init          gaussian (scale initScale), xavier (N(0, 1/d)), files
 * @param initScale     standard deviation of W0 entries for init = gaussian
 * @param initW         file with W0 (m x d) for init = files
 * @param initA         file with a0 (length m) for init = files
 * @param outerInit     balanced (a_i = |w_i|) or ones (a_i = 1), when not from a file
 * @param objective     population, online (fresh samples), fixed (a data set of `samples` points)
 * @param projectRadius path-norm radius of projected GD (0: unconstrained)
 * @param checkpointSeconds wall seconds between checkpoints
 */
public record TeacherStudentConfig(int d, int k, int m, String teacherKind, String teacherV, String teacherB,
                                   String init, double initScale, String initW, String initA, String outerInit,
                                   double lr, long lrDecayEvery, double lrDecayFactor, long steps, double stopLoss,
                                   double gradTol, String scaling, boolean trainOuter, String activation,
                                   String objective, int batch, int samples,
                                   String backend, String device, String precision, long seed,
                                   double projectRadius, String projectMethod,
                                   double alignAngle, double recoveryTolerance, int logPerDecade, int anglesPerDecade,
                                   double checkpointSeconds) {

    /** Fails with a message naming the first bad parameter; touches no file. */
    public TeacherStudentConfig {
        Check.positive("d", d);
        Check.positive("k", k);
        Check.positive("m", m);
        oneOf("teacher", teacherKind, "orthogonal", "identity", "gaussian", "files");
        if (teacherKind.equals("files") && teacherV == null) {
            throw Check.bad("teacher", teacherKind, "--teacher files needs --V (and optionally --b)");
        }
        if (!teacherKind.equals("files") && (teacherV != null || teacherB != null)) {
            throw Check.bad("teacher", teacherKind, "--V/--b are only allowed with --teacher files");
        }
        if (teacherKind.equals("orthogonal") && k > d) {
            throw Check.bad("k", k, "at most d = " + d + " orthogonal teachers fit in dimension d");
        }
        if (teacherKind.equals("identity") && k > d) {
            throw Check.bad("k", k, "identity teachers need k <= d = " + d);
        }
        oneOf("init", init, "gaussian", "xavier", "files");
        if (init.equals("files") && initW == null) {
            throw Check.bad("init", init, "--init files needs --W0 (and optionally --a0)");
        }
        if (!init.equals("files") && (initW != null || initA != null)) {
            throw Check.bad("init", init, "--W0/--a0 are only allowed with --init files");
        }
        Check.positive("init-scale", initScale);
        oneOf("outer-init", outerInit, "balanced", "ones");
        Check.positive("lr", lr);
        if (lrDecayEvery < 0) {
            throw Check.bad("lr-decay-every", lrDecayEvery, "must be >= 0");
        }
        if (steps < 0) {
            throw Check.bad("steps", steps, "must be >= 0");
        }
        Check.nonNegative("stop-loss", stopLoss);
        Check.nonNegative("grad-tol", gradTol);
        Scaling.parse(scaling);
        Activation.parse(activation);
        oneOf("objective", objective, "population", "online", "fixed");
        Check.positive("batch", batch);
        if (objective.equals("fixed") && samples < batch) {
            throw Check.bad("samples", samples, "--objective fixed needs --samples >= --batch = " + batch);
        }
        if (precision != null) {
            Precision.parse(precision);
        }
        Check.nonNegative("project-radius", projectRadius);
        ProjectionMethod.parse(projectMethod);
        Check.positive("align-angle", alignAngle);
        Check.positive("recovery-tol", recoveryTolerance);
        Check.nonNegative("checkpoint-seconds", checkpointSeconds);
        if (logPerDecade < 1) {
            throw Check.bad("log-per-decade", logPerDecade, "must be >= 1 (the metrics, plots and phases need logged steps)");
        }
    }

    static void oneOf(String parameter, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        throw Check.bad(parameter, value, "allowed: " + String.join(", ", allowed));
    }

    /** The default demo: over-parameterised student, orthogonal teachers, small balanced init. */
    public static TeacherStudentConfig demo() {
        return new TeacherStudentConfig(20, 3, 9, "orthogonal", null, null, "gaussian", 1e-3, null, null, "balanced",
                0.5, 0, 1.0, 400_000, 0, 0, "plain", true, "relu", "population", 64, 0,
                "auto", null, null, 1, 0, "prox-bisection", 0.05, 0.05, 20, 4, 10);
    }

    public TeacherStudentConfig withWidth(int newM) {
        return new TeacherStudentConfig(d, k, newM, teacherKind, teacherV, teacherB, init, initScale, initW, initA,
                outerInit, lr, lrDecayEvery, lrDecayFactor, steps, stopLoss, gradTol, scaling, trainOuter, activation,
                objective, batch, samples, backend, device, precision, seed, projectRadius, projectMethod, alignAngle,
                recoveryTolerance, logPerDecade, anglesPerDecade, checkpointSeconds);
    }

    public TeacherStudentConfig withSteps(long newSteps, double newStopLoss) {
        return new TeacherStudentConfig(d, k, m, teacherKind, teacherV, teacherB, init, initScale, initW, initA,
                outerInit, lr, lrDecayEvery, lrDecayFactor, newSteps, newStopLoss, gradTol, scaling, trainOuter, activation,
                objective, batch, samples, backend, device, precision, seed, projectRadius, projectMethod, alignAngle,
                recoveryTolerance, logPerDecade, anglesPerDecade, checkpointSeconds);
    }

    public TeacherStudentConfig withBackend(String newBackend, String newPrecision) {
        return new TeacherStudentConfig(d, k, m, teacherKind, teacherV, teacherB, init, initScale, initW, initA,
                outerInit, lr, lrDecayEvery, lrDecayFactor, steps, stopLoss, gradTol, scaling, trainOuter, activation,
                objective, batch, samples, newBackend, device, newPrecision, seed, projectRadius, projectMethod, alignAngle,
                recoveryTolerance, logPerDecade, anglesPerDecade, checkpointSeconds);
    }

    public TeacherStudentConfig withLogPerDecade(int perDecade) {
        return new TeacherStudentConfig(d, k, m, teacherKind, teacherV, teacherB, init, initScale, initW, initA,
                outerInit, lr, lrDecayEvery, lrDecayFactor, steps, stopLoss, gradTol, scaling, trainOuter, activation,
                objective, batch, samples, backend, device, precision, seed, projectRadius, projectMethod, alignAngle,
                recoveryTolerance, perDecade, anglesPerDecade, checkpointSeconds);
    }
}
