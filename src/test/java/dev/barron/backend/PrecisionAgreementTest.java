package dev.barron.backend;

import dev.barron.backend.cpu.CpuBackend;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Scaling;
import dev.barron.model.Teacher;
import dev.barron.testing.Agreement;
import dev.barron.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

/**
 * Every float32 backend against the float64 CPU reference, within float tolerance: about
 * sqrt(d) float roundings per product, so 2e-4 relative to the size of each quantity.
 */
class PrecisionAgreementTest {

    private static final double FLOAT_TOL = 2e-4;

    @ParameterizedTest
    @MethodSource("dev.barron.testing.TestBackends#allF32")
    void float32AgreesWithFloat64(Backend f32) {
        SplittableRandom rng = new SplittableRandom(61);
        try (CpuBackend f64 = new CpuBackend(Precision.F64)) {
            for (Activation act : Activation.values()) {
                for (Scaling scaling : Scaling.values()) {
                    String label = f32.name() + " " + act + " " + scaling;
                    Network net = Fixtures.network(rng, 20, 30, scaling, act);
                    Teacher teacher = Fixtures.teacher(rng, 4, 30);
                    LossGradient p64 = f64.populationLossAndGradient(net, teacher);
                    LossGradient p32 = f32.populationLossAndGradient(net, teacher);
                    Agreement.close(p64.loss(), p32.loss(), FLOAT_TOL, 1, label + " population loss");
                    Agreement.close(p64.gradW().data(), p32.gradW().data(), FLOAT_TOL, label + " population dL/dW");
                    Agreement.close(p64.gradA(), p32.gradA(), FLOAT_TOL, label + " population dL/da");

                    Matrix x = Fixtures.gaussian(rng, 64, 30, 1.0);
                    double[] y = Fixtures.gaussian(rng, 64, 1.0);
                    LossGradient e64 = f64.empiricalLossAndGradient(x, y, net);
                    LossGradient e32 = f32.empiricalLossAndGradient(x, y, net);
                    Agreement.close(e64.loss(), e32.loss(), FLOAT_TOL, 1, label + " empirical loss");
                    Agreement.close(e64.gradW().data(), e32.gradW().data(), FLOAT_TOL, label + " empirical dL/dW");
                    Agreement.close(e64.gradA(), e32.gradA(), FLOAT_TOL, label + " empirical dL/da");
                    Agreement.close(f64.forward(x, net), f32.forward(x, net), FLOAT_TOL, label + " forward");
                    Agreement.close(f64.hidden(x, net).data(), f32.hidden(x, net).data(), FLOAT_TOL, label + " hidden");
                }
            }
            Network net = Fixtures.network(rng, 16, 8, Scaling.MEAN_FIELD, Activation.RELU);
            ProxResult x64 = f64.pathNormProx(net, 0.9);
            ProxResult x32 = f32.pathNormProx(net, 0.9);
            Agreement.close(x64.objective(), x32.objective(), FLOAT_TOL, 1, "prox objective");
            Agreement.close(x64.network().w().data(), x32.network().w().data(), FLOAT_TOL, "prox W");
            for (ProjectionMethod method : ProjectionMethod.values()) {
                ProjectionResult r64 = f64.pathNormProject(net, 0.5, method);
                ProjectionResult r32 = f32.pathNormProject(net, 0.5, method);
                Agreement.close(r64.pathNormL1(), r32.pathNormL1(), FLOAT_TOL, 1, method + " norm");
                Agreement.close(r64.distance(), r32.distance(), FLOAT_TOL, 1, method + " distance");
                Agreement.close(r64.network().a(), r32.network().a(), 1e-3, method + " a");
            }
        }
    }
}
