package dev.barron.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barron.backend.ProjectionMethod;
import dev.barron.io.JsonFiles;
import dev.barron.io.PendingFiles;
import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Labelled;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The full configuration of one teacher-student run, as config.json and summary.json record it: a
 * run can be repeated from this record alone (file-given teachers and initialisations are copied
 * into the run directory). Every closed choice is an enum; JSON holds the labels the command line
 * takes ("mean-field", "prox-bisection"), so a file written by an earlier version reads back.
 *
 * @param teacherKind   where V comes from ({@link TeacherKind})
 * @param teacherV      file with V (k x d) for teacherKind = files
 * @param teacherB      file with b (length k) for files; otherwise b = 1
 * @param init          where W0 comes from ({@link InitKind})
 * @param initScale     standard deviation of W0 entries for init = gaussian
 * @param initW         file with W0 (m x d) for init = files
 * @param initA         file with a0 (length m) for init = files
 * @param outerInit     a0 when not from a file ({@link OuterInit})
 * @param objective     population GD or SGD ({@link ObjectiveKind}); fixed uses a data set of `samples` points
 * @param backend       auto or a provider's name: an open set (drivers are plugged in), checked when the run opens it
 * @param device        device index or part of its name; null for the provider's default
 * @param precision     null for the backend's default (f64 where the device has it)
 * @param projectRadius path-norm radius of projected GD (0: unconstrained)
 * @param checkpointSeconds wall seconds between checkpoints
 */
public record TeacherStudentConfig(int d, int k, int m, TeacherKind teacherKind, String teacherV, String teacherB,
                                   InitKind init, double initScale, String initW, String initA, OuterInit outerInit,
                                   double lr, long lrDecayEvery, double lrDecayFactor, long steps, double stopLoss,
                                   double gradTol, Scaling scaling, boolean trainOuter, Activation activation,
                                   ObjectiveKind objective, int batch, int samples,
                                   String backend, String device, Precision precision, long seed,
                                   double projectRadius, ProjectionMethod projectMethod,
                                   double alignAngle, double recoveryTolerance, int logPerDecade, int anglesPerDecade,
                                   double checkpointSeconds) {

    /** Fails with a message naming the first bad parameter; touches no file. */
    public TeacherStudentConfig {
        Check.positive("d", d);
        Check.positive("k", k);
        Check.positive("m", m);
        required("teacher", teacherKind, TeacherKind.class);
        if (teacherKind == TeacherKind.FILES && teacherV == null) {
            throw Check.bad("teacher", teacherKind.label(), "--teacher files needs --V (and optionally --b)");
        }
        if (teacherKind != TeacherKind.FILES && (teacherV != null || teacherB != null)) {
            throw Check.bad("teacher", teacherKind.label(), "--V/--b are only allowed with --teacher files");
        }
        if (teacherKind == TeacherKind.ORTHOGONAL && k > d) {
            throw Check.bad("k", k, "at most d = " + d + " orthogonal teachers fit in dimension d");
        }
        if (teacherKind == TeacherKind.IDENTITY && k > d) {
            throw Check.bad("k", k, "identity teachers need k <= d = " + d);
        }
        required("init", init, InitKind.class);
        if (init == InitKind.FILES && initW == null) {
            throw Check.bad("init", init.label(), "--init files needs --W0 (and optionally --a0)");
        }
        if (init != InitKind.FILES && (initW != null || initA != null)) {
            throw Check.bad("init", init.label(), "--W0/--a0 are only allowed with --init files");
        }
        Check.positive("init-scale", initScale);
        required("outer-init", outerInit, OuterInit.class);
        Check.positive("lr", lr);
        if (lrDecayEvery < 0) {
            throw Check.bad("lr-decay-every", lrDecayEvery, "must be >= 0");
        }
        if (steps < 0) {
            throw Check.bad("steps", steps, "must be >= 0");
        }
        Check.nonNegative("stop-loss", stopLoss);
        Check.nonNegative("grad-tol", gradTol);
        required("scaling", scaling, Scaling.class);
        required("activation", activation, Activation.class);
        required("objective", objective, ObjectiveKind.class);
        Check.positive("batch", batch);
        if (objective == ObjectiveKind.FIXED && samples < batch) {
            throw Check.bad("samples", samples, "--objective fixed needs --samples >= --batch = " + batch);
        }
        if (backend == null || backend.isBlank()) {
            throw Check.bad("backend", backend, "auto or a provider listed by 'barron devices'");
        }
        Check.nonNegative("project-radius", projectRadius);
        required("project-method", projectMethod, ProjectionMethod.class);
        if (projectRadius > 0) {
            ProjectionMethod.checkArguments(projectRadius, projectMethod, activation);
        }
        Check.positive("align-angle", alignAngle);
        Check.positive("recovery-tol", recoveryTolerance);
        Check.nonNegative("checkpoint-seconds", checkpointSeconds);
        if (logPerDecade < 1) {
            throw Check.bad("log-per-decade", logPerDecade, "must be >= 1 (the metrics, plots and phases need logged steps)");
        }
    }

    private static void required(String parameter, Object value, Class<? extends Labelled> type) {
        if (value == null) {
            throw Check.bad(parameter, "null", "allowed: " + Labelled.allowed(type));
        }
    }

    /**
     * This configuration with some parameters replaced, each given by its config.json key
     * (snake_case; the command line's spelling "init-scale" and camelCase are accepted too) and a
     * value as the command line or a JSON file would give it: {@code Map.of("scaling", "mean-field",
     * "m", 12, "lr", "0.05")}. A wrong key, a value that does not parse, or a configuration that does
     * not validate fails with one line naming the parameter and what is allowed.
     */
    public TeacherStudentConfig with(Map<String, ?> parameters) {
        ObjectNode tree = PendingFiles.JSON.valueToTree(this);
        for (Map.Entry<String, ?> e : parameters.entrySet()) {
            String key = JsonFiles.snakeCaseKey(e.getKey().replace('-', '_'));
            if (!tree.has(key)) {
                throw Check.bad("parameter", e.getKey(), "allowed: " + String.join(", ", parameterNames()));
            }
            tree.set(key, e.getValue() == null ? tree.nullNode() : PendingFiles.JSON.valueToTree(e.getValue()));
        }
        return JsonFiles.convert(tree, TeacherStudentConfig.class, "teacher-student config");
    }

    /** The keys {@link #with} takes, in record order (as config.json writes them). */
    public static List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        JsonNode tree = PendingFiles.JSON.valueToTree(demo());
        tree.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The default demo: over-parameterised student, orthogonal teachers, small balanced init. */
    public static TeacherStudentConfig demo() {
        return new TeacherStudentConfig(20, 3, 9, TeacherKind.ORTHOGONAL, null, null, InitKind.GAUSSIAN, 1e-3, null, null,
                OuterInit.BALANCED, 0.5, 0, 1.0, 400_000, 0, 0, Scaling.PLAIN, true, Activation.RELU,
                ObjectiveKind.POPULATION, 64, 0, "auto", null, null, 1, 0, ProjectionMethod.PROX_BISECTION,
                0.05, 0.05, 20, 4, 10);
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

    public TeacherStudentConfig withBackend(String newBackend, Precision newPrecision) {
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
