package dev.barron.io;

import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Locale;

/** Weight files by extension: .npy (numpy) or .csv (one row a line). */
public final class WeightFiles {

    private static final String ALLOWED = "allowed extensions: .npy, .csv";

    public enum Format { NPY, CSV }

    private WeightFiles() {
    }

    /** The format a file name asks for; the parameter names the option in the error. */
    public static Format formatOf(Path file, String parameter) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return Format.NPY;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        throw Check.bad(parameter, file, ALLOWED);
    }

    /** Reads a 1-D or 2-D finite array. */
    public static NdArray read(Path file, String parameter) {
        return formatOf(file, parameter) == Format.NPY ? Npy.read(file, parameter) : Csv.read(file, parameter);
    }

    public static Matrix readMatrix(Path file, String parameter) {
        return read(file, parameter).asMatrix(parameter);
    }

    public static double[] readVector(Path file, String parameter) {
        return read(file, parameter).asVector(parameter);
    }

    /** Encodes an array in the format the file name asks for. */
    public static void write(OutputStream out, Format format, NdArray array, Precision precision) throws IOException {
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
