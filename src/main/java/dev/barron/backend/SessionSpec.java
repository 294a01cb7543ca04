package dev.barron.backend;

import dev.barron.model.Check;
import dev.barron.model.Network;
import dev.barron.model.Teacher;

/**
 * What a training session is opened with.
 *
 * @param initial    the starting network (uploaded once)
 * @param teacher    the teacher for the population objective, or null for empirical-only sessions
 * @param trainOuter whether the outer weights a are updated
 */
public record SessionSpec(Network initial, Teacher teacher, boolean trainOuter) {

    public SessionSpec {
        if (initial == null) {
            throw Check.bad("initial", "null", "a starting network is required");
        }
        if (teacher != null) {
            teacher.requireCompatible(initial);
        }
    }
}
