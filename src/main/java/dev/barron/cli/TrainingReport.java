package dev.barron.cli;

import dev.barron.experiments.TeacherStudentConfig;
import dev.barron.experiments.TeacherStudentExperiment;
import dev.barron.train.MetricsRow;
import dev.barron.train.Phases;
import dev.barron.train.TrainResult;

import java.io.PrintWriter;
import java.util.Locale;

/** The short stdout report of a teacher-student run. */
final class TrainingReport {

    private TrainingReport() {
    }

    static void print(PrintWriter out, String title, TeacherStudentConfig c, TeacherStudentExperiment.Report rep) {
        TrainResult r = rep.result();
        Phases p = rep.phases();
        out.println(String.format(Locale.ROOT, "%s: d=%d k=%d m=%d, %s teachers, %s scaling, %s, %s outer weights, lr %s, seed %d",
                title, c.d(), c.k(), c.m(), c.teacherKind().label(), c.scaling().label(), c.activation().label(),
                c.trainOuter() ? "trainable" : "frozen", c.lr(), c.seed()));
        out.println(String.format(Locale.ROOT, "  backend %s (%s), %s", rep.backend(), rep.device(), rep.precision().label()));
        out.println(String.format(Locale.ROOT, "  stopped: %s at step %d after %.1f s; final loss %.4e, max neuron gradient %.3e%s",
                r.reason().label(), r.steps(), rep.wallSeconds(), MetricsRow.reportedLoss(r.last().loss()), r.last().maxNeuronGradNorm(),
                r.restarts() > 0 ? ", " + r.restarts() + " restart(s) with half the step" : ""));
        if (r.reason() == dev.barron.train.StopReason.DIVERGED) {
            out.println(String.format(Locale.ROOT, "  diverged at step %d: the loss or gradient passed its bound or was not finite"
                    + " after %d restart(s) with half the step; the last good checkpoint stays in %s",
                    r.steps(), r.restarts(), rep.dir().resolve("checkpoint.bin")));
        }
        out.println(String.format(Locale.ROOT, "  recovered teachers: %s of %d", rep.recovered().isEmpty() ? "none"
                : rep.recovered().toString().replaceAll("[\\[\\]]", ""), c.k()));
        out.println(String.format(Locale.ROOT, "  phases: alignment ends at step %s (every contributing student within %s rad of a teacher),"
                + " norm growth ends at %s, local convergence from %s", step(p.alignmentEnd()), c.alignAngle(),
                step(p.normGrowthEnd()), step(p.localStart())));
        if (Double.isNaN(p.rateExponent())) {
            out.println("  rate: not enough points in the local phase to fit");
        } else if (p.powerLaw()) {
            out.println(String.format(Locale.ROOT, "  rate: loss ~ T^%.3f over the local phase (power-law R^2 %.5f, linear R^2 %.5f, %d points): polynomial convergence",
                    p.rateExponent(), p.powerR2(), p.linearR2(), p.fitPoints()));
        } else {
            out.println(String.format(Locale.ROOT, "  rate: log loss falls by %.4g per step over the local phase (linear R^2 %.6f vs power-law R^2 %.5f,"
                            + " %d points): linear convergence, loss x %.4f per step",
                    -p.linearRate(), p.linearR2(), p.powerR2(), p.fitPoints(), Math.exp(p.linearRate())));
        }
        out.println("  files: " + rep.dir().resolve("summary.json") + ", metrics.csv, angles.csv, loss, angles and norms (.png, .svg)");
        out.flush();
    }

    private static String step(long s) {
        return s < 0 ? "(not reached)" : Long.toString(s);
    }
}
