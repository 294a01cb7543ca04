package dev.barron.experiments;

import dev.barron.model.Labelled;

/** What a teacher-student run minimises; {@link dev.barron.train.Objective} is the trainer's form of it. */
public enum ObjectiveKind implements Labelled {
    /** Full-batch GD on the closed-form population loss. */
    POPULATION("population"),
    /** SGD on batch fresh Gaussian inputs per step, labelled by the teacher. */
    ONLINE("online"),
    /** SGD on minibatches of one fixed data set of samples points. */
    FIXED("fixed");

    private final String label;

    ObjectiveKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static ObjectiveKind parse(String text) {
        return Labelled.parse(ObjectiveKind.class, "objective", text);
    }
}
