package dev.barron.experiments;

import dev.barron.model.Check;

import java.util.List;

/**
 * One result column of an experiment's runs.csv, and how the sweep's summary treats it.
 *
 * @param name       the column name (snake_case)
 * @param kind       NUMBER: mean with a 95% Student-t interval; CATEGORY: the fraction of runs in each
 *                   category with a 95% Wilson interval; FLAG: the fraction of true, Wilson likewise
 * @param categories for CATEGORY: the labels, in the order the summary lists them
 * @param plotted    NUMBER only: drawn against the swept parameters (mean and interval)
 */
public record SweepColumn(String name, Kind kind, List<String> categories, boolean plotted) {

    public enum Kind {
        NUMBER, CATEGORY, FLAG
    }

    public SweepColumn {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw Check.bad("column name", name, "must be snake_case");
        }
        categories = List.copyOf(categories);
    }

    public static SweepColumn number(String name) {
        return new SweepColumn(name, Kind.NUMBER, List.of(), false);
    }

    public static SweepColumn plottedNumber(String name) {
        return new SweepColumn(name, Kind.NUMBER, List.of(), true);
    }

    public static SweepColumn category(String name, List<String> categories) {
        return new SweepColumn(name, Kind.CATEGORY, categories, false);
    }

    public static SweepColumn flag(String name) {
        return new SweepColumn(name, Kind.FLAG, List.of(), false);
    }
}
