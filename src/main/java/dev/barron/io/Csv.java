package dev.barron.io;

import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
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

    /** Longer than any number's spelling with generous padding: a field beyond it is not a number (or not text at all). */
    static final int MAX_FIELD = 512;

    /**
     * Reads a 2-D array (rows x columns); NaN and Inf entries are rejected. The file is parsed as
     * a stream, a character at a time, into one growing array of doubles: memory is about eight
     * bytes a value however the lines are laid out (a whole matrix on one line included), and a
     * binary file fails at its first overlong field instead of being read whole as one line.
     * A UTF-8 byte-order mark (Excel writes one) is skipped.
     */
    public static NdArray read(Path file, String parameter) {
        String source = file.toString();
        Parser parser = new Parser(parameter, source);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parser.parse(in);
        } catch (NoSuchFileException e) {
            throw Check.bad(parameter, source, "file not found");
        } catch (CharacterCodingException e) {
            throw Check.bad(parameter, source, "line " + parser.line
                    + " is not UTF-8 text; expected comma-separated decimal numbers");
        } catch (IOException e) {
            throw Check.bad(parameter, source, "cannot be read (" + e.getMessage() + ")");
        }
        if (parser.rows == 0) {
            throw Check.bad(parameter, source, "the file holds no numbers; expected one row of comma-separated numbers a line");
        }
        return new NdArray(new int[]{parser.rows, parser.cols}, Arrays.copyOf(parser.values, parser.size), source)
                .requireFinite(parameter);
    }

    /** The streaming state: the field being read, the current row's length, every value so far. */
    private static final class Parser {
        private final String parameter;
        private final String source;
        private final StringBuilder field = new StringBuilder();
        private double[] values = new double[1024];
        private int size;
        private int rows;
        private int cols = -1;
        private int inRow;
        private int line = 1;
        private boolean comment;
        private boolean contentOnLine;

        Parser(String parameter, String source) {
            this.parameter = parameter;
            this.source = source;
        }

        void parse(Reader in) throws IOException {
            char[] buf = new char[1 << 16];
            boolean first = true;
            char previous = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (first && c == '\uFEFF') {
                        first = false;
                        continue;
                    }
                    first = false;
                    if (c == '\n' && previous == '\r') {
                        previous = c;
                        continue; // the second half of a CRLF
                    }
                    previous = c;
                    accept(c);
                }
            }
            endLine();
        }

        private void accept(char c) {
            if (c == '\n' || c == '\r') {
                endLine();
                line++;
            } else if (comment) {
                return;
            } else if (c == '#') {
                comment = true;
            } else if (c == ',') {
                endField();
            } else {
                if (field.length() >= MAX_FIELD) {
                    throw Check.bad(parameter, source, "line " + line + ", column " + (inRow + 1) + ": a field of more than "
                            + MAX_FIELD + " characters is not a number; expected comma-separated decimal numbers");
                }
                field.append(c);
                contentOnLine |= !Character.isWhitespace(c);
            }
        }

        private void endField() {
            contentOnLine = true; // a comma makes the line a row, empty fields included (they fail as not numbers)
            add(parseNumber(field.toString().strip(), line, inRow, parameter, source));
            field.setLength(0);
            inRow++;
        }

        private void endLine() {
            if (contentOnLine) {
                endField();
                if (cols >= 0 && inRow != cols) {
                    throw Check.bad(parameter, source, "line " + line + " has " + inRow
                            + " values but the first row has " + cols + "; all rows must have the same length");
                }
                cols = inRow;
                rows++;
            }
            field.setLength(0);
            inRow = 0;
            comment = false;
            contentOnLine = false;
        }

        private void add(double v) {
            if (size == values.length) {
                if (size >= Integer.MAX_VALUE - 16) {
                    throw Check.bad(parameter, source, "holds more than " + size + " values, more than one array can hold");
                }
                values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 16L, size + (long) (size >> 1) + 16));
            }
            values[size++] = v;
        }
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
