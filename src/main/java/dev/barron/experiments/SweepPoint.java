package dev.barron.experiments;

import dev.barron.model.Check;
import dev.barron.model.Labelled;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of every parameter of an experiment at one point of a sweep (constants, defaults
 * and the grid's or zip's values), in the experiment's declaration order, typed as
 * {@link SweepParam} reads them. Immutable.
 */
public record SweepPoint(Map<String, Object> values) {

    public SweepPoint {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object get(String name) {
        Object v = values.get(name);
        if (v == null && !values.containsKey(name)) {
            throw Check.bad("parameter", name, "is not a parameter of this point (has " + values.keySet() + ")");
        }
        return v;
    }

    public int integer(String name) {
        return (Integer) get(name);
    }

    public long longValue(String name) {
        return (Long) get(name);
    }

    public double real(String name) {
        return (Double) get(name);
    }

    public boolean flag(String name) {
        return (Boolean) get(name);
    }

    public String text(String name) {
        return (String) get(name);
    }

    /** A choice's value as its enum (the parameter declared by SweepParam.choice over that enum). */
    public <E extends Enum<E> & Labelled> E choice(String name, Class<E> type) {
        return Labelled.parse(type, name, text(name));
    }

    /** This point with one value replaced (for an experiment's derived values: a width rule resolved at k). */
    public SweepPoint with(String name, Object value) {
        get(name);
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(name, value);
        return new SweepPoint(m);
    }
}
