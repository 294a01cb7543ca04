package dev.barron.cli;

import dev.barron.backend.ProjectionMethod;
import dev.barron.experiments.ErmConfig;
import dev.barron.experiments.ErmData;
import dev.barron.experiments.ErmTarget;
import dev.barron.experiments.InputDistribution;
import dev.barron.model.Scaling;
import picocli.CommandLine.Option;

/** The options of an ERM fit shared by erm and rate (a picocli mixin). */
public final class ErmOptions {

    @Option(names = "--inputs", paramLabel = "DIST", defaultValue = "gaussian",
            description = "gaussian (N(0, I_d): the excess risk in closed form) or uniform ([-1, 1]^d: a Monte-Carlo "
                    + "estimate on --eval-points fresh points). Default: ${DEFAULT-VALUE}.")
    String inputs;

    @Option(names = "--target-width", paramLabel = "K", defaultValue = "16",
            description = "Neurons of a random target. Default: ${DEFAULT-VALUE}.")
    int targetWidth;

    @Option(names = "--target-path-norm", paramLabel = "P", defaultValue = "1",
            description = "Path norm ||f*||_P of a random target. Default: ${DEFAULT-VALUE}.")
    double targetPathNorm;

    @Option(names = "--noise", paramLabel = "SIGMA", defaultValue = "0.1",
            description = "Standard deviation of the Gaussian label noise. Default: ${DEFAULT-VALUE}.")
    double noise;

    @Option(names = "--method", paramLabel = "M", defaultValue = "prox-bisection",
            converter = Converters.MethodConverter.class, completionCandidates = Converters.MethodLabels.class,
            description = "Projection after every step: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ProjectionMethod method;

    @Option(names = "--scaling", paramLabel = "S", defaultValue = "plain", converter = Converters.ScalingConverter.class,
            completionCandidates = Converters.ScalingLabels.class,
            description = "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Scaling scaling;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "0",
            description = "0: full-batch projected gradient steps with momentum and an adaptive step; B > 0: projected "
                    + "SGD on minibatches of B "
                    + "with the constant step --lr. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", paramLabel = "ETA", defaultValue = "1",
            description = "Step (full batch: the first one; x1.02 after a step that lowers the train risk; a step that "
                    + "does not is undone, the momentum restarts and the step shrinks, x0.9 or /2 without momentum). "
                    + "Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--rel-tol", paramLabel = "TOL", defaultValue = "1e-6",
            description = "Full batch: stop when the train risk fell by less than TOL per step (relative) over 25 "
                    + "steps; 0: off. Default: ${DEFAULT-VALUE}.")
    double relTol;

    @Option(names = "--init-scale", paramLabel = "C", defaultValue = "0.5",
            description = "W0 = C G / sqrt(d), a0_i = +-|w0_i|. Default: ${DEFAULT-VALUE}.")
    double initScale;

    @Option(names = "--eval-points", paramLabel = "N", defaultValue = "1000000",
            description = "Fresh points of the Monte-Carlo excess risk under uniform inputs. Default: ${DEFAULT-VALUE}.")
    int evalPoints;

    @Option(names = "--log-per-decade", paramLabel = "N", defaultValue = "20",
            description = "Training-curve points per decade of steps. Default: ${DEFAULT-VALUE}.")
    int logPerDecade;

    InputDistribution inputDistribution() {
        try {
            return InputDistribution.parse(inputs);
        } catch (IllegalArgumentException e) {
            throw BadInputException.of("--inputs", inputs, "allowed: gaussian, uniform");
        }
    }

    ErmTarget randomTarget() {
        return new ErmTarget.Random(targetWidth, targetPathNorm);
    }

    /** A fit of this problem (checked on construction: bad values fail with the parameter named). */
    ErmConfig config(int d, int m, int n, ErmTarget target, double radius, long steps, long seed, ErmData data) {
        return new ErmConfig(d, m, n, inputDistribution(), target, noise, radius, method, scaling, batch, lr, steps,
                relTol, initScale, seed, evalPoints, logPerDecade, data);
    }

    /** "inf" (unconstrained), a number > 0, or absent: factor x the target's path norm. */
    static double radius(String text, double factor, double targetPathNorm) {
        if (text == null) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw BadInputException.of("--radius-factor", factor, "must be a finite number > 0");
            }
            return factor * targetPathNorm;
        }
        if (text.equalsIgnoreCase("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        double r;
        try {
            r = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw BadInputException.of("--radius", text, "must be a number > 0 or inf");
        }
        if (!(r > 0) || Double.isInfinite(r)) {
            throw BadInputException.of("--radius", text, "must be a number > 0 or inf");
        }
        return r;
    }
}
