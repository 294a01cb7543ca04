package dev.barron.experiments;

import dev.barron.model.Network;
import dev.barron.model.Teacher;

import java.util.List;

/**
 * What one ERM fit found. Risks are without the factor 1/2 of the losses.
 *
 * @param trainRisk         (1/n) sum_r (f(x_r) - y_r)^2 at the returned network
 * @param excessRisk        ||f_hat - f*||^2 in L2 of the input distribution
 * @param excessRiskStdErr  its standard error (0 when exact)
 * @param excessRiskExact   true under Gaussian inputs (closed form), false for a Monte-Carlo estimate
 * @param pathNorm          ||theta_hat||_P
 * @param targetPathNorm    ||f*||_P of the target's parameters
 * @param constraintActive  whether the last accepted step left the ball, so that the projection moved it back
 * @param steps             accepted steps
 * @param stop              why the fit ended
 * @param finalLearningRate the step at the end (the adaptive one under full batch)
 * @param wallSeconds       time of the fit, sampling and evaluation included
 * @param network           f_hat
 * @param target            f*
 * @param curve             the training curve
 */
public record ErmResult(double trainRisk, double excessRisk, double excessRiskStdErr, boolean excessRiskExact,
                        double pathNorm, double targetPathNorm, boolean constraintActive, long steps, ErmStop stop,
                        double finalLearningRate, double wallSeconds, Network network, Teacher target,
                        List<CurvePoint> curve) {

    public ErmResult {
        curve = List.copyOf(curve);
    }

    /**
     * One logged step: train risk, excess risk (NaN where only a Monte-Carlo estimate exists:
     * it is computed once, at the end) and path norm.
     */
    public record CurvePoint(long step, double trainRisk, double excessRisk, double pathNorm) {
    }

    /** Why a fit ended. */
    public enum ErmStop {
        /** the step budget */
        BUDGET("budget"),
        /** the train risk stopped falling (relTol) */
        CONVERGED("converged"),
        /** the adaptive step fell below 1e-12 of the first without a decrease */
        STALLED("stalled"),
        /** a minibatch step produced NaN or Inf; the network is the last finite one */
        DIVERGED("diverged");

        private final String label;

        ErmStop(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
