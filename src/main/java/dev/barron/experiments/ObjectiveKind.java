package dev.barron.experiments;

import dev.barron.model.Labelled;

/** What a teacher-student run minimises; {@link dev.barron.train.Objective} is the trainer's form of it. */
public enum ObjectiveKind implements Labelled {
    /** Full-batch GD on the closed-form population loss. */
    POPULATION,
    /** SGD on batch fresh Gaussian inputs per step, labelled by the teacher. */
    ONLINE,
    /** SGD on minibatches of one fixed data set of samples points. */
    FIXED;

    public static ObjectiveKind parse(String text) {
        return Labelled.parse(ObjectiveKind.class, "objective", text);
    }
}
