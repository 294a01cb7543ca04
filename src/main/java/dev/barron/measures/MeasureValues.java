package dev.barron.measures;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measures of one network, in {@link Measure} order. A measure whose inputs were not given
 * is absent; an output-normalised one is absent when the network's output on the data is
 * identically zero (gamma = 0), where it is undefined.
 *
 * @param sigmaW the largest singular value of W with the Lanczos steps and residual that found it
 * @param gamma  the root-mean-square output on the data (NaN without data)
 */
public record MeasureValues(Map<Measure, Double> values, SpectralNorm.Result sigmaW, double gamma) {

    public MeasureValues {
        values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    public double get(Measure m) {
        Double v = values.get(m);
        return v == null ? Double.NaN : v;
    }

    public boolean has(Measure m) {
        return values.containsKey(m);
    }

    /** key -> value, for a JSON report. */
    public Map<String, Object> byKey() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((m, v) -> out.put(m.key(), v));
        return out;
    }
}
