package dev.barron.io;

import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Precision;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy .npy format (numpy.lib.format): reads versions 1.0, 2.0 and 3.0 with dtypes
 * float64, float32 and the integers (int8 to int64, uint8 to uint64, converted to double: an
 * integer beyond 2^53 is rounded) in either byte order, C or Fortran order (what
 * {@code W.T.numpy()} gives from PyTorch, transposed back on reading), 1-D and 2-D; writes
 * version 1.0 little-endian C order, which every numpy and {@code torch.from_numpy(np.load(...))} reads.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, a major and a minor version byte, the header length
 * (uint16 in 1.0, uint32 in 2.0 and 3.0, little-endian), an ASCII (1.0, 2.0) or UTF-8 (3.0)
 * Python dict literal with keys descr, fortran_order and shape, padded with spaces and ended
 * by a newline so that the data starts at a multiple of 64 bytes, then the raw data.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final String ALLOWED_DTYPES = "allowed dtypes: float64, float32 and the integers, either byte order"
            + " (convert with a.astype(np.float64))";
    private static final Pattern DTYPE = Pattern.compile("([<>|=])([fiu])(\\d+)");
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Reads a 1-D or 2-D float array, rejecting anything else with a message that names the
     * parameter, the file and what is allowed. NaN and Inf entries are rejected too.
     */
    public static NdArray read(Path file, String parameter) {
        String source = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ch, ch.size(), parameter, source);
        } catch (NoSuchFileException e) {
            throw Check.bad(parameter, source, "file not found");
        } catch (IOException e) {
            throw Check.bad(parameter, source, "cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Reads one array of totalBytes bytes from a channel (a file, or an entry of a .npz). */
    static NdArray read(ReadableByteChannel ch, long totalBytes, String parameter, String source) throws IOException {
        ByteBuffer preamble = readFully(ch, 8, parameter, source);
        for (int i = 0; i < MAGIC.length; i++) {
            if (preamble.get(i) != MAGIC[i]) {
                throw Check.bad(parameter, source, "not a .npy file (the magic string \\x93NUMPY is missing)");
            }
        }
        int major = preamble.get(6) & 0xff;
        int minor = preamble.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw Check.bad(parameter, source, ".npy format version " + major + "." + minor
                    + " is not supported; allowed: 1.0, 2.0, 3.0");
        }
        ByteBuffer lengthField = readFully(ch, major == 1 ? 2 : 4, parameter, source).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lengthField.getShort(0) & 0xffff : lengthField.getInt(0) & 0xffffffffL;
        if (headerLength > 1 << 20) {
            throw Check.bad(parameter, source, ".npy header of " + headerLength + " bytes is not plausible");
        }
        ByteBuffer headerBytes = readFully(ch, (int) headerLength, parameter, source);
        String header = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = parseHeader(header, parameter, source);
        long dataBytes = (long) h.size * h.itemSize;
        long available = totalBytes - 8 - (major == 1 ? 2 : 4) - headerLength;
        if (available != dataBytes) {
            throw Check.bad(parameter, source, "the header says shape " + shapeText(h.shape) + " of " + h.descr
                    + " (" + dataBytes + " bytes of data) but the file holds " + available + " bytes after the header");
        }
        double[] data = readData(ch, h);
        if (h.fortran && h.shape.length == 2) {
            data = fromColumnMajor(data, h.shape[0], h.shape[1]);
        }
        return new NdArray(h.shape, data, source).requireFinite(parameter);
    }

    private static double[] fromColumnMajor(double[] columns, int rows, int cols) {
        double[] out = new double[columns.length];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                out[i * cols + j] = columns[j * rows + i];
            }
        }
        return out;
    }

    /** Reads a 2-D array as a matrix. */
    public static Matrix readMatrix(Path file, String parameter) {
        return read(file, parameter).asMatrix(parameter);
    }

    /** Reads a vector: shape (n,), (n, 1) or (1, n). */
    public static double[] readVector(Path file, String parameter) {
        return read(file, parameter).asVector(parameter);
    }

    /** Writes version 1.0 with dtype {@code <f8} (F64) or {@code <f4} (F32). */
    public static void write(OutputStream out, NdArray array, Precision precision) throws IOException {
        write(out, array, precision == Precision.F64 ? "<f8" : "<f4");
    }

    /** Writes version 1.0 with the given dtype, {@code <f8} or {@code <f4}. */
    public static void write(OutputStream out, NdArray array, String dtype) throws IOException {
        int itemSize = switch (dtype) {
            case "<f8" -> 8;
            case "<f4" -> 4;
            default -> throw Check.bad("dtype", dtype, "allowed for writing: <f8, <f4");
        };
        byte[] header = header(dtype, array.shape());
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length & 0xff);
        out.write(header.length >>> 8);
        out.write(header);
        double[] data = array.data();
        ByteBuffer chunk = ByteBuffer.allocate(8 << 12).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; i++) {
            if (itemSize == 8) {
                chunk.putDouble(data[i]);
            } else {
                chunk.putFloat(toFloat(data[i], i));
            }
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    /** Writes a matrix to a file, atomically. */
    public static void write(Path file, Matrix matrix, Precision precision) throws IOException {
        AtomicFiles.write(file, out -> write(out, NdArray.of(matrix), precision));
    }

    /** Writes a vector (shape (n,)) to a file, atomically. */
    public static void write(Path file, double[] vector, Precision precision) throws IOException {
        AtomicFiles.write(file, out -> write(out, NdArray.of(vector), precision));
    }

    private static float toFloat(double x, int index) {
        float f = (float) x;
        if (Float.isInfinite(f) && !Double.isInfinite(x)) {
            throw Check.bad("entry [" + index + "]", x, "does not fit in float32 (|x| <= 3.4e38); write it as <f8");
        }
        return f;
    }

    /** The dict literal, padded so that the data starts at a multiple of 64 bytes. */
    private static byte[] header(String dtype, int[] shape) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (ALIGN - unpadded % ALIGN) % ALIGN;
        if (dict.length() + pad + 1 > 0xffff) {
            throw Check.bad("shape", shapeText(shape), "too many dimensions for a version 1.0 header");
        }
        return (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String shapeText(int[] shape) {
        return shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
    }

    private record Header(String descr, ByteOrder order, char kind, int itemSize, boolean fortran, int[] shape, int size) {
    }

    private static Header parseHeader(String header, String parameter, String source) {
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw Check.bad(parameter, source, "the .npy header " + header.strip()
                    + " lacks descr, fortran_order or shape (structured dtypes are not supported; " + ALLOWED_DTYPES + ")");
        }
        String d = descr.group(1);
        Matcher t = DTYPE.matcher(d);
        int itemSize = t.matches() ? Integer.parseInt(t.group(3)) : 0;
        char kind = t.matches() ? t.group(2).charAt(0) : '?';
        boolean known = kind == 'f' ? itemSize == 4 || itemSize == 8 : itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
        if (!known) {
            throw Check.bad(parameter, source, "dtype '" + d + "' is not supported; " + ALLOWED_DTYPES);
        }
        // '=' is the writer's native order; numpy writes '<' or '>' in files, so it is rare
        ByteOrder order = t.group(1).equals(">") || (t.group(1).equals("=") && ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN)
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int[] dims = parseShape(shape.group(1), parameter, source);
        long size = 1;
        for (int s : dims) {
            size *= s;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw Check.bad(parameter, source, "shape " + shapeText(dims) + " has more than 2^31 entries");
        }
        return new Header(d, order, kind, itemSize, fortran.group(1).equals("True"), dims, (int) size);
    }

    private static int[] parseShape(String inner, String parameter, String source) {
        String[] parts = inner.split(",");
        int count = 0;
        int[] dims = new int[parts.length];
        for (String part : parts) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1); // Python 2 longs
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims[count++] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw Check.bad(parameter, source, "the .npy shape (" + inner + ") is not a tuple of integers");
            }
        }
        if (count < 1 || count > 2) {
            throw Check.bad(parameter, source, "the array has shape (" + inner.strip() + "), rank " + count
                    + "; allowed: 1-D or 2-D arrays");
        }
        int[] shape = java.util.Arrays.copyOf(dims, count);
        for (int s : shape) {
            if (s < 0) {
                throw Check.bad(parameter, source, "negative dimension in shape " + shapeText(shape));
            }
        }
        return shape;
    }

    private static double[] readData(ReadableByteChannel ch, Header h) throws IOException {
        double[] data = new double[h.size];
        ByteBuffer chunk = ByteBuffer.allocate(h.itemSize << 14).order(h.order);
        int filled = 0;
        while (filled < data.length) {
            chunk.clear();
            int want = Math.min(chunk.capacity(), (data.length - filled) * h.itemSize);
            chunk.limit(want);
            while (chunk.hasRemaining()) {
                if (ch.read(chunk) < 0) {
                    throw new IOException("unexpected end of file");
                }
            }
            chunk.flip();
            while (chunk.hasRemaining()) {
                data[filled++] = element(chunk, h.kind, h.itemSize);
            }
        }
        return data;
    }

    private static double element(ByteBuffer b, char kind, int size) {
        boolean unsigned = kind == 'u';
        return switch (size) {
            case 1 -> unsigned ? b.get() & 0xff : b.get();
            case 2 -> unsigned ? b.getShort() & 0xffff : b.getShort();
            case 4 -> kind == 'f' ? b.getFloat() : unsigned ? b.getInt() & 0xffffffffL : b.getInt();
            default -> kind == 'f' ? b.getDouble() : unsigned ? unsignedToDouble(b.getLong()) : b.getLong();
        };
    }

    private static double unsignedToDouble(long x) {
        return x >= 0 ? x : (x >>> 1) * 2.0 + (x & 1);
    }

    private static ByteBuffer readFully(ReadableByteChannel ch, int n, String parameter, String source) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw Check.bad(parameter, source, "not a .npy file (it ends inside the header)");
            }
        }
        b.flip();
        return b;
    }
}
