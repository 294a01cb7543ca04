package dev.barron.cli;

import dev.barron.io.BuildInfo;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

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

    /**
     * The shapes of the network and of the further arrays given as alternating names and arrays
     * (Matrix or double[]; null ones are left out). Names are JSON keys, lower case like every key.
     */
    static Map<String, Object> shapes(Network net, Object... namesAndArrays) {
        Map<String, Object> m = map("w", shape(net.w()), "a", shape(net.a()));
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            Object x = namesAndArrays[i + 1];
            if (x != null) {
                m.put((String) namesAndArrays[i], x instanceof Matrix mx ? shape(mx) : shape((double[]) x));
            }
        }
        return m;
    }

    /** The files read, by option (lower case): the network's and those of the alternating names and paths given (null: not given). */
    static Map<String, Object> inputs(NetworkFiles network, Object... namesAndPaths) {
        Map<String, Object> m = map("w", network.w.toString(), "a", network.a.toString());
        for (int i = 0; i < namesAndPaths.length; i += 2) {
            if (namesAndPaths[i + 1] != null) {
                m.put((String) namesAndPaths[i], namesAndPaths[i + 1].toString());
            }
        }
        return m;
    }

    static List<Integer> shape(Matrix m) {
        return List.of(m.rows(), m.cols());
    }

    static List<Integer> shape(double[] v) {
        return List.of(v.length);
    }
}
