package dev.barron.experiments;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.barron.model.Check;
import dev.barron.model.Precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sweep file (YAML, or JSON: a .json file is read as JSON, anything else as YAML, of
 * which JSON is a subset) into a {@link SweepSpec}. Every refusal is one line naming the key as
 * the file spells it ("grid.lr"), its value and what is allowed:
 *
 * <pre>
 * experiment: teacher-student      # required: one of SweepExperiments.names()
 * seeds: 2                         # runs per point (default 1)
 * backend: cpu                     # default auto; also device, precision (f64 | f32)
 * parameters: {d: 20, k: 3, steps: 20000}   # fixed values (the rest keep their defaults)
 * grid: {m: [3, 9], lr: [0.1, 0.5]}         # the cartesian product
 * zip:  {init_scale: [1e-3, 1e-2], ...}     # lists of equal length, varied together
 * </pre>
 */
public final class SweepFile {

    static final List<String> KEYS = List.of("experiment", "description", "seeds", "backend", "device", "precision",
            "parameters", "grid", "zip");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SweepFile() {
    }

    /** The spec of a sweep file; IllegalArgumentException (one line) when it cannot be read or is not a valid sweep. */
    public static SweepSpec read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw Check.bad("FILE", file, "must be a readable sweep file (YAML or JSON)");
        }
        JsonNode root;
        try {
            root = (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("malformed");
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw Check.bad("FILE", file, "is not valid " + (file.toString().endsWith(".json") ? "JSON" : "YAML") + at
                    + " (" + why.replaceAll("\\s*at \\[Source.*", "") + ")");
        }
        if (root == null || !root.isObject()) {
            throw Check.bad("FILE", file, "must be a mapping with the keys " + String.join(", ", KEYS)
                    + " (experiment required)");
        }
        return parse(root);
    }

    /** The spec of a parsed sweep file. */
    public static SweepSpec parse(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw Check.bad("key", key, "is not a sweep-file key; allowed: " + String.join(", ", KEYS));
            }
        }
        JsonNode name = root.get("experiment");
        if (name == null || !name.isTextual()) {
            throw Check.bad("experiment", name, "required; allowed: " + String.join(", ", SweepExperiments.names()));
        }
        SweepExperiment experiment = SweepExperiments.byName(name.asText());
        Map<String, SweepParam> params = new LinkedHashMap<>();
        experiment.parameters().forEach(p -> params.put(p.name(), p));

        Map<String, Object> fixed = new LinkedHashMap<>();
        for (var e : fields(root, "parameters")) {
            fixed.put(e.getKey(), param(experiment, params, "parameters", e.getKey(), e.getValue(), false).parse("parameters." + e.getKey(), e.getValue()));
        }
        Map<String, List<Object>> grid = lists(root, "grid", experiment, params, fixed, Map.of());
        Map<String, List<Object>> zip = lists(root, "zip", experiment, params, fixed, grid);
        for (SweepParam p : experiment.parameters()) {
            if (!grid.containsKey(p.name()) && !zip.containsKey(p.name())) {
                fixed.putIfAbsent(p.name(), p.defaultValue());
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (SweepParam p : experiment.parameters()) {
            if (fixed.containsKey(p.name())) {
                ordered.put(p.name(), fixed.get(p.name()));
            }
        }
        int seeds = root.has("seeds") ? seeds(root.get("seeds")) : 1;
        String backend = root.has("backend") ? text(root, "backend") : "auto";
        String device = root.has("device") ? text(root, "device") : null;
        Precision precision = root.has("precision") ? Precision.parse(text(root, "precision")) : null;
        return new SweepSpec(experiment, ordered, grid, zip, seeds, backend, device, precision);
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null) {
            return List.of();
        }
        if (!node.isObject()) {
            throw Check.bad(key, node, "must be a mapping of parameter names to " + (key.equals("parameters") ? "values" : "lists of values"));
        }
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }

    /** A grid's or zip's lists, each value typed; refuses empty lists, a parameter given twice, one that may not vary. */
    private static Map<String, List<Object>> lists(JsonNode root, String key, SweepExperiment experiment,
                                                   Map<String, SweepParam> params, Map<String, Object> fixed,
                                                   Map<String, List<Object>> other) {
        List<Map.Entry<String, JsonNode>> entries = fields(root, key);
        if (root.has(key) && entries.isEmpty()) {
            throw Check.bad(key, "{}", "is empty: give at least one parameter with a list of values, or leave " + key + " out");
        }
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (var e : entries) {
            String where = key + "." + e.getKey();
            SweepParam p = param(experiment, params, key, e.getKey(), e.getValue(), true);
            if (fixed.containsKey(e.getKey()) || other.containsKey(e.getKey())) {
                throw Check.bad(where, e.getValue(), "is also given in " + (fixed.containsKey(e.getKey()) ? "parameters" : "grid")
                        + "; give each parameter in one place");
            }
            if (!e.getValue().isArray()) {
                throw Check.bad(where, e.getValue(), "must be a list of values, e.g. [" + p.defaultValue() + "]");
            }
            if (e.getValue().isEmpty()) {
                throw Check.bad(where, "[]", "is empty: give at least one value (" + p.allowed() + ")");
            }
            List<Object> values = new ArrayList<>();
            for (JsonNode v : e.getValue()) {
                values.add(p.parse(where, v));
            }
            out.put(e.getKey(), values);
        }
        return out;
    }

    private static SweepParam param(SweepExperiment experiment, Map<String, SweepParam> params, String section, String name,
                                    JsonNode value, boolean varying) {
        SweepParam p = params.get(name);
        if (p == null) {
            List<String> others = SweepExperiments.having(name);
            throw Check.bad(section + "." + name, value, experiment.name() + " has no parameter " + name
                    + (others.isEmpty() ? "" : " (a parameter of " + String.join(", ", others) + ")")
                    + "; allowed: " + String.join(", ", params.keySet()));
        }
        if (varying && !p.varies()) {
            throw Check.bad(section + "." + name, value, experiment.name() + " takes one value of " + name
                    + " per sweep (give it in parameters); it may vary: "
                    + String.join(", ", params.values().stream().filter(SweepParam::varies).map(SweepParam::name).toList()));
        }
        return p;
    }

    private static int seeds(JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw Check.bad("seeds", node, "must be an integer >= 1 (runs per point)");
        }
        return node.intValue();
    }

    private static String text(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw Check.bad(key, n, "must be a non-empty text");
        }
        return n.asText();
    }
}
