package dev.barron.io;

import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Comma-separated numbers, one matrix row a line; a file of one column is a vector. Blank
 * lines and everything from a '#' to the end of a line are ignored, so that
 * {@code np.savetxt(f, a, delimiter=",", header="...")} output reads back as it is.
 * numpy's spellings nan, inf and -inf are recognised (and then rejected as non-finite
 * with their position), so that such a file fails with a clear message, not a parse error.
 */
public final class Csv {

    /** A decimal number as numpy, PyTorch and Java print them; no hex, no type suffixes. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Csv() {
    }

    /** Reads a 2-D array (rows x columns); NaN and Inf entries are rejected. */
    public static NdArray read(Path file, String parameter) {
        String source = file.toString();
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                int hash = line.indexOf('#');
                String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (content.isEmpty()) {
                    continue;
                }
                double[] row = parseRow(content, lineNumber, parameter, source);
                if (!rows.isEmpty() && row.length != rows.get(0).length) {
                    throw Check.bad(parameter, source, "line " + lineNumber + " has " + row.length
                            + " values but the first row has " + rows.get(0).length + "; all rows must have the same length");
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw Check.bad(parameter, source, "file not found");
        } catch (IOException e) {
            throw Check.bad(parameter, source, "cannot be read (" + e.getMessage() + ")");
        }
        if (rows.isEmpty()) {
            throw Check.bad(parameter, source, "the file holds no numbers; expected one row of comma-separated numbers a line");
        }
        int cols = rows.get(0).length;
        double[] data = new double[rows.size() * cols];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, data, r * cols, cols);
        }
        return new NdArray(new int[]{rows.size(), cols}, data, source).requireFinite(parameter);
    }

    public static Matrix readMatrix(Path file, String parameter) {
        return read(file, parameter).asMatrix(parameter);
    }

    /** Reads a vector: one value a line, or a single line of values. */
    public static double[] readVector(Path file, String parameter) {
        return read(file, parameter).asVector(parameter);
    }

    /**
     * Writes one row a line (a 1-D array as one value a line), each value in the shortest form
     * that reads back to the same double (F64) or float (F32).
     */
    public static void write(OutputStream out, NdArray array, Precision precision) throws IOException {
        int[] shape = array.shape();
        int cols = shape.length == 1 ? 1 : shape[1];
        double[] data = array.data();
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < data.length; i += cols) {
            line.setLength(0);
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    line.append(',');
                }
                line.append(format(data[i + c], precision));
            }
            line.append('\n');
            w.write(line.toString());
        }
        w.flush();
    }

    public static void write(Path file, Matrix matrix, Precision precision) throws IOException {
        AtomicFiles.write(file, out -> write(out, NdArray.of(matrix), precision));
    }

    public static void write(Path file, double[] vector, Precision precision) throws IOException {
        AtomicFiles.write(file, out -> write(out, NdArray.of(vector), precision));
    }

    private static String format(double x, Precision precision) {
        return precision == Precision.F64 ? Double.toString(x) : Float.toString((float) x);
    }

    private static double[] parseRow(String content, int lineNumber, String parameter, String source) {
        String[] fields = content.split(",", -1);
        double[] row = new double[fields.length];
        for (int c = 0; c < fields.length; c++) {
            String f = fields[c].strip();
            row[c] = parseNumber(f, lineNumber, c, parameter, source);
        }
        return row;
    }

    private static double parseNumber(String f, int lineNumber, int column, String parameter, String source) {
        if (NUMBER.matcher(f).matches()) {
            return Double.parseDouble(f);
        }
        switch (f.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                throw Check.bad(parameter, source, "line " + lineNumber + ", column " + (column + 1) + ": '" + f
                        + "' is not a number; expected comma-separated decimal numbers");
        }
    }
}
