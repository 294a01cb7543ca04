package dev.barron.io;

import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weight files by extension: .npy (numpy), .npz (numpy's archive of named arrays: FILE.npz:NAME,
 * or FILE.npz alone for the array named as the parameter, so that --W net.npz --a net.npz
 * reads W and a) or .csv (one row a line).
 */
public final class WeightFiles {

    private static final String ALLOWED = "allowed extensions: .npy, .csv, .npz (FILE.npz or FILE.npz:NAME)";
    private static final Pattern NPZ = Pattern.compile("(?i)(.*\\.npz)(?::([^/\\\\]+))?");

    public enum Format { NPY, NPZ, CSV }

    private WeightFiles() {
    }

    /** The format a file name asks for; the parameter names the option in the error. */
    public static Format formatOf(Path file, String parameter) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return Format.NPY;
        }
        if (NPZ.matcher(name).matches()) {
            return Format.NPZ;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        throw Check.bad(parameter, file, ALLOWED);
    }

    /** Reads a 1-D or 2-D finite array. */
    public static NdArray read(Path file, String parameter) {
        return switch (formatOf(file, parameter)) {
            case NPY -> Npy.read(file, parameter);
            case CSV -> Csv.read(file, parameter);
            case NPZ -> readNpz(file, parameter);
        };
    }

    private static NdArray readNpz(Path file, String parameter) {
        Matcher m = NPZ.matcher(file.toString());
        if (!m.matches()) {
            throw Check.bad(parameter, file, ALLOWED);
        }
        String name = m.group(2) != null ? m.group(2) : parameter.replaceFirst("^-+", "");
        return Npz.read(Path.of(m.group(1)), name, parameter);
    }

    public static Matrix readMatrix(Path file, String parameter) {
        return read(file, parameter).asMatrix(parameter);
    }

    public static double[] readVector(Path file, String parameter) {
        return read(file, parameter).asVector(parameter);
    }

    /** Encodes an array in the format the file name asks for. */
    public static void write(OutputStream out, Format format, NdArray array, Precision precision) throws IOException {
        if (format == Format.NPZ) {
            throw Check.bad("format", "npz", "an archive holds named arrays: use Npz.write");
        }
        if (format == Format.NPY) {
            Npy.write(out, array, precision);
        } else {
            Csv.write(out, array, precision);
        }
    }

    public static void write(Path file, Matrix matrix, Precision precision) throws IOException {
        Format f = formatOf(file, "file");
        AtomicFiles.write(file, out -> write(out, f, NdArray.of(matrix), precision));
    }

    public static void write(Path file, double[] vector, Precision precision) throws IOException {
        Format f = formatOf(file, "file");
        AtomicFiles.write(file, out -> write(out, f, NdArray.of(vector), precision));
    }
}
