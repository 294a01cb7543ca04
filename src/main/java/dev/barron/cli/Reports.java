package dev.barron.cli;

import dev.barron.io.BuildInfo;
import dev.barron.model.Matrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for the JSON reports: ordered maps and shapes. */
final class Reports {

    private Reports() {
    }

    /** An ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** The fields every report starts with. */
    static Map<String, Object> header(String command) {
        return map("command", command, "version", BuildInfo.version());
    }

    static List<Integer> shape(Matrix m) {
        return List.of(m.rows(), m.cols());
    }

    static List<Integer> shape(double[] v) {
        return List.of(v.length);
    }
}
