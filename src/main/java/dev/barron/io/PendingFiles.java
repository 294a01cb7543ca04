package dev.barron.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result files of one command, encoded in memory first and written together at the end:
 * an encoding failure (a value that does not fit float32, a NaN) then happens before anything
 * touches the disk, and the files replace the directory's previous results as one set
 * ({@link OutputSet}).
 */
public final class PendingFiles {

    /**
     * Indented JSON; documents are built from LinkedHashMaps so that keys keep their order. Records
     * (configs) get snake_case keys like every hand-built document ({@link JsonFiles#read} also
     * reads the camelCase files of earlier versions); enums as the labels the command line takes.
     */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).registerModule(LabelledJson.module());

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    /** Adds a file under the given name, encoded now. */
    public PendingFiles add(String name, AtomicFiles.Writer writer) {
        if (name.contains("/") || name.contains("\\") || name.isEmpty()) {
            throw Check.bad("file name", name, "must be a plain file name inside the output directory");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            writer.write(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put(name, buffer.toByteArray());
        return this;
    }

    public PendingFiles addNpy(String name, Matrix matrix, Precision precision) {
        requireFinite(name, matrix.data());
        return add(name, out -> Npy.write(out, NdArray.of(matrix), precision));
    }

    public PendingFiles addNpy(String name, double[] vector, Precision precision) {
        return addNpy(name, NdArray.of(vector), precision);
    }

    public PendingFiles addNpy(String name, NdArray array, Precision precision) {
        requireFinite(name, array.data());
        return add(name, out -> Npy.write(out, array, precision));
    }

    /** Adds an archive of the .npy files added so far (entry W for W.npy), for np.load(name)["W"]. */
    public PendingFiles addNpzOfArrays(String name) {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        files.forEach((file, bytes) -> {
            if (file.endsWith(".npy")) {
                arrays.put(file.substring(0, file.length() - 4), bytes);
            }
        });
        return add(name, out -> Npz.writeEncoded(out, arrays));
    }

    /** A JSON document from maps, lists, arrays, strings and numbers; NaN and Inf are refused, not written as bare tokens. */
    public PendingFiles addJson(String name, Object document) {
        return add(name, out -> {
            requireFiniteNumbers(name, document);
            out.write(JSON.writeValueAsBytes(document));
            out.write('\n');
        });
    }

    public List<String> names() {
        return new ArrayList<>(files.keySet());
    }

    /**
     * Replaces the command's result set in the directory with these files ({@link OutputSet}):
     * they all appear together or not at all, and the files this command wrote there before
     * and that are not in this set are removed. The caller holds the directory's
     * {@link DirectoryLock}; the directory is created if missing.
     */
    public void writeTo(Path directory, String command) throws IOException {
        Path target = directory.toAbsolutePath().normalize();
        Files.createDirectories(target);
        OutputSet.replace(target, command, files);
    }

    private static void requireFinite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalStateException(name + ": entry " + i + " is " + values[i]
                        + "; a result with NaN or Inf is not written");
            }
        }
    }

    private static void requireFiniteNumbers(String where, Object node) {
        if (node instanceof Double x && !Double.isFinite(x) || node instanceof Float f && !Float.isFinite(f)) {
            throw new IllegalStateException(where + " is " + node + "; a result with NaN or Inf is not written");
        } else if (node instanceof double[] values) {
            requireFinite(where, values);
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> requireFiniteNumbers(where + (where.endsWith(".json") ? ": " : ".") + k, v));
        } else if (node instanceof Iterable<?> list) {
            int i = 0;
            for (Object v : list) {
                requireFiniteNumbers(where + "[" + i++ + "]", v);
            }
        }
    }
}
