package dev.barron.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.barron.model.Check;

import java.io.IOException;
import java.nio.file.Path;

/** Reading the JSON files a command wrote earlier (survey.json, config.json, shard.json). */
public final class JsonFiles {

    private JsonFiles() {
    }

    /**
     * A damaged or hand-edited file is the user's to fix: IllegalArgumentException in one line
     * naming the file, with the parser's first line only (Jackson's message continues with a
     * source excerpt and a reference chain).
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        try {
            return PendingFiles.JSON.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage().lines().findFirst().orElse("malformed")
                    .replaceAll("\\s*\\(start marker at .*|\\s*at \\[Source.*", "");
            throw Check.bad(String.valueOf(file.getFileName()), file, "cannot be read (" + why + "); the file is damaged");
        }
    }
}
