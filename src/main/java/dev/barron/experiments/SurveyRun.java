package dev.barron.experiments;

import dev.barron.model.Check;

import java.util.Arrays;
import java.util.List;

/**
 * One run of a survey as runs.csv holds it: k, m, seed, steps, final_loss, grad_norm
 * (max_i |grad_{w_i} L| at the end, the stopping statistic), status, restarts (and the session
 * that computed it, which the survey's own tables do not use).
 */
public record SurveyRun(int k, int m, long seed, long steps, double finalLoss, double gradNorm, Status status,
                        int restarts) {

    /** How a survey run ended. */
    public enum Status {
        /** Stopped by the gradient rule with a loss below the threshold: the teacher was found. */
        CONVERGED("converged"),
        /** Stopped by the gradient rule with a loss at or above the threshold: a spurious point. */
        SPURIOUS("spurious"),
        /** Out of steps. */
        BUDGET("budget"),
        /** Stopped by the divergence guard. */
        DIVERGED("diverged");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static List<String> labels() {
            return Arrays.stream(values()).map(Status::label).toList();
        }

        public static Status parse(String text) {
            for (Status s : values()) {
                if (s.label.equals(text)) {
                    return s;
                }
            }
            throw Check.bad("status", text, "allowed: " + String.join(", ", labels()));
        }
    }

    public SurveyRun {
        if (status == null) {
            throw Check.bad("status", null, "allowed: " + String.join(", ", Status.labels()));
        }
    }

    /** The identity of a run: k, m, seed. */
    public String key() {
        return k + "," + m + "," + seed;
    }

    /** The run of a survey sweep's record. */
    static SurveyRun of(SweepRecord r) {
        SweepPoint p = r.task().point();
        return new SurveyRun(p.integer("k"), p.integer("m"), r.task().seed(), (long) r.number("steps"), r.number("final_loss"),
                r.number("grad_norm"), Status.parse(r.text("status")), (int) r.number("restarts"));
    }
}
