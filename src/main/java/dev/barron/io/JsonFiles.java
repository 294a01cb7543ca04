package dev.barron.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barron.model.Check;

import java.io.IOException;
import java.nio.file.Path;

/** Reading the JSON files a command wrote earlier (survey.json, config.json, shard.json). */
public final class JsonFiles {

    private static final PropertyNamingStrategies.NamingBase SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    private JsonFiles() {
    }

    /**
     * A damaged or hand-edited file is the user's to fix: IllegalArgumentException in one line
     * naming the file, with the parser's first line only (Jackson's message continues with a
     * source excerpt and a reference chain).
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        try {
            JsonNode tree = PendingFiles.JSON.readTree(file.toFile());
            if (tree == null || !tree.isObject()) {
                throw Check.bad(String.valueOf(file.getFileName()), file, "cannot be read (not a JSON object); the file is damaged");
            }
            return PendingFiles.JSON.treeToValue(snakeCase((ObjectNode) tree), type);
        } catch (JsonProcessingException e) {
            throw Check.bad(String.valueOf(file.getFileName()), file, "cannot be read (" + firstLine(e) + "); the file is damaged");
        }
    }

    /**
     * A record from a JSON tree built in memory (a config with some parameters replaced): a value
     * that does not parse or validate fails in one line, as {@link #read} does for a file.
     */
    public static <T> T convert(ObjectNode tree, Class<T> type, String what) {
        try {
            return PendingFiles.JSON.treeToValue(snakeCase(tree), type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException bad) {
                throw bad;
            }
            String at = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? " " + m.getPath().get(m.getPath().size() - 1).getFieldName() : "";
            String why = firstLine(e);
            throw new IllegalArgumentException(why.startsWith("invalid ") ? why : "invalid " + what + at + ": " + why);
        }
    }

    /**
     * A record's own refusal as it worded it; otherwise the parser's first line only (Jackson's
     * message continues with a source excerpt and a reference chain).
     */
    private static String firstLine(JsonProcessingException e) {
        if (e.getCause() instanceof IllegalArgumentException invalid) {
            return invalid.getMessage();
        }
        return e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("malformed")
                .replaceAll("\\s*\\(start marker at .*|\\s*at \\[Source.*", "");
    }

    /** A key as the writers spell it (snake_case), from camelCase or snake_case. */
    public static String snakeCaseKey(String key) {
        return SNAKE.translate(key);
    }

    /**
     * Files written before every key became snake_case (config.json, survey.json held camelCase
     * keys) still read: keys are translated as the writer's naming strategy would (snake_case
     * keys are left as they are).
     */
    static ObjectNode snakeCase(ObjectNode node) {
        ObjectNode out = node.objectNode();
        node.fields().forEachRemaining(e -> out.set(snakeCaseKey(e.getKey()),
                e.getValue().isObject() ? snakeCase((ObjectNode) e.getValue()) : e.getValue()));
        return out;
    }
}
