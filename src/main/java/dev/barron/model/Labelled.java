package dev.barron.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A closed set of choices with the lower-case labels the command line accepts and every file
 * records (mean-field, prox-bisection, f32, ...). One parser for all of them, so that a bad value
 * is refused in the same words wherever it comes from: a flag, config.json, a sweep parameter.
 */
public interface Labelled {

    /** The constant's Java name (every enum has it). */
    String name();

    /**
     * The label: the constant's name in lower case with '-' for '_' (MEAN_FIELD is mean-field,
     * L1_OUTER l1-outer), one rule so that every file spells every choice alike.
     */
    default String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant whose label (or Java name) is text, ignoring case; otherwise one line naming parameter and the allowed labels. */
    static <E extends Enum<E> & Labelled> E parse(Class<E> type, String parameter, String text) {
        if (text != null) {
            for (E e : type.getEnumConstants()) {
                if (e.label().equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
                    return e;
                }
            }
        }
        throw Check.bad(parameter, text, "allowed: " + allowed(type));
    }

    /** The labels of type, comma-separated, in declaration order. */
    static String allowed(Class<? extends Labelled> type) {
        return String.join(", ", labels(type));
    }

    static List<String> labels(Class<? extends Labelled> type) {
        List<String> out = new ArrayList<>();
        for (Labelled e : type.getEnumConstants()) {
            out.add(e.label());
        }
        return out;
    }
}
