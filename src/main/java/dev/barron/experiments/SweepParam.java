package dev.barron.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barron.model.Check;
import dev.barron.model.Labelled;

import java.util.Arrays;
import java.util.List;

/**
 * One parameter an experiment declares to the sweep engine: its name as sweep files spell it
 * (snake_case), its type, its default, the values allowed, and whether it may vary across the
 * runs of one sweep. Values are typed once, here: Integer, Long, Double, Boolean or String (a
 * choice's label, or a text such as a width rule "k+1"); the experiment turns a point's values
 * into its own configuration record, whose constructor checks ranges and combinations.
 *
 * @param name         the key in a sweep file and the column in runs.csv
 * @param type         how a value is read and written
 * @param defaultValue the value when the sweep file does not give one (typed as {@link #type})
 * @param choices      for CHOICE: the allowed labels, else empty
 * @param varies       whether the parameter may be in grid or zip (false: one value per sweep)
 * @param doc          one line for `barron sweep --list` and the docs
 */
public record SweepParam(String name, Type type, Object defaultValue, List<String> choices, boolean varies, String doc) {

    /** What a value is. */
    public enum Type {
        INTEGER, LONG, REAL, FLAG, CHOICE, TEXT
    }

    public SweepParam {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw Check.bad("parameter name", name, "must be snake_case");
        }
        choices = List.copyOf(choices);
        defaultValue = defaultValue == null ? null : checkType(name, type, defaultValue);
    }

    public static SweepParam integer(String name, int def, String doc) {
        return new SweepParam(name, Type.INTEGER, def, List.of(), true, doc);
    }

    public static SweepParam longValue(String name, long def, String doc) {
        return new SweepParam(name, Type.LONG, def, List.of(), true, doc);
    }

    public static SweepParam real(String name, double def, String doc) {
        return new SweepParam(name, Type.REAL, def, List.of(), true, doc);
    }

    public static SweepParam flag(String name, boolean def, String doc) {
        return new SweepParam(name, Type.FLAG, def, List.of(), true, doc);
    }

    public static SweepParam choice(String name, String def, String doc, String... allowed) {
        return new SweepParam(name, Type.CHOICE, def, List.of(allowed), true, doc);
    }

    /** A choice among some of an enum's values, written and read as their labels (SweepPoint#choice gives the enum back). */
    @SafeVarargs
    public static <E extends Enum<E> & Labelled> SweepParam choice(String name, E def, String doc, E... allowed) {
        return new SweepParam(name, Type.CHOICE, def.label(), Arrays.stream(allowed).map(Labelled::label).toList(), true, doc);
    }

    /** A choice among every value of an enum. */
    public static <E extends Enum<E> & Labelled> SweepParam choice(String name, E def, String doc) {
        return new SweepParam(name, Type.CHOICE, def.label(), Labelled.labels(def.getDeclaringClass()), true, doc);
    }

    public static SweepParam text(String name, String def, String doc) {
        return new SweepParam(name, Type.TEXT, def, List.of(), true, doc);
    }

    /** The same parameter, one value per sweep (it may not be in grid or zip). */
    public SweepParam fixed() {
        return new SweepParam(name, type, defaultValue, choices, false, doc);
    }

    /** What a value may be, for messages. */
    public String allowed() {
        return switch (type) {
            case INTEGER -> "an integer";
            case LONG -> "a 64-bit integer";
            case REAL -> "a finite number";
            case FLAG -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
            case TEXT -> "a text without commas";
        };
    }

    /**
     * The typed value of a sweep file's node; where names the key as the file has it
     * ("grid.lr", "parameters.d"), for the one-line refusal.
     */
    public Object parse(String where, JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            throw Check.bad(where, node, "must be " + allowed());
        }
        try {
            return switch (type) {
                case INTEGER -> node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : Integer.parseInt(text(node));
                case LONG -> node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : Long.parseLong(text(node));
                case REAL -> finite(where, node.isNumber() ? node.doubleValue() : Double.parseDouble(text(node)));
                case FLAG -> node.isBoolean() ? node.booleanValue() : flag(where, node.asText());
                case CHOICE -> choice(where, node.asText());
                case TEXT -> plainText(where, node.asText());
            };
        } catch (NumberFormatException e) {
            throw Check.bad(where, node, "must be " + allowed());
        }
    }

    /** The value as runs.csv and sweep.json write it: exact for numbers (Double.toString reads back bit for bit). */
    public String cell(Object value) {
        return String.valueOf(value);
    }

    private static String text(JsonNode node) {
        if (!node.isTextual() && !node.isNumber()) {
            throw new NumberFormatException();
        }
        return node.asText().trim();
    }

    private static double finite(String where, double x) {
        if (!Double.isFinite(x)) {
            throw Check.bad(where, x, "must be a finite number");
        }
        return x;
    }

    private static boolean flag(String where, String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Check.bad(where, text, "must be true or false");
        };
    }

    private String choice(String where, String text) {
        if (!choices.contains(text)) {
            throw Check.bad(where, text, "allowed: " + String.join(", ", choices));
        }
        return text;
    }

    private static String plainText(String where, String text) {
        if (text.isEmpty() || text.contains(",") || text.contains("\n")) {
            throw Check.bad(where, text, "must be a non-empty text without commas or newlines");
        }
        return text;
    }

    private static Object checkType(String name, Type type, Object v) {
        boolean ok = switch (type) {
            case INTEGER -> v instanceof Integer;
            case LONG -> v instanceof Long;
            case REAL -> v instanceof Double;
            case FLAG -> v instanceof Boolean;
            case CHOICE, TEXT -> v instanceof String;
        };
        if (!ok) {
            throw Check.bad("default of " + name, v, "must be a " + type + " value");
        }
        return v;
    }
}
