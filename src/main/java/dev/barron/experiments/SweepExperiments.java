package dev.barron.experiments;

import dev.barron.model.Check;

import java.util.List;

/**
 * The experiments `barron sweep` knows, by name. Adding one: write the class (see
 * {@link SweepExperiment} and docs/SWEEPS.md) and add one line to {@link #ALL}.
 */
public final class SweepExperiments {

    /** Every sweepable experiment, one line each. */
    public static final List<SweepExperiment> ALL = List.of(
            new TeacherStudentSweep(),
            new SurveySweep(),
            new ErmSweep(),
            new RfmSweep(),
            new SeparationSweep(),
            new DoubleDescentSweep(),
            new ScalingLawSweep());

    private SweepExperiments() {
    }

    public static SweepExperiment byName(String name) {
        for (SweepExperiment e : ALL) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw Check.bad("experiment", name, "allowed: " + String.join(", ", names()));
    }

    public static List<String> names() {
        return ALL.stream().map(SweepExperiment::name).toList();
    }

    /** The experiments that have a parameter of this name (for the message when another one lacks it). */
    public static List<String> having(String parameter) {
        return ALL.stream().filter(e -> e.parameters().stream().anyMatch(p -> p.name().equals(parameter)))
                .map(SweepExperiment::name).toList();
    }
}
