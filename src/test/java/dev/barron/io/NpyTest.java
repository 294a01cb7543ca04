package dev.barron.io;

import dev.barron.model.Matrix;
import dev.barron.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @TempDir
    Path dir;

    private static double[] randomValues(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        }
        return v;
    }

    /** A .npy file assembled byte by byte from the format description, independently of the writer. */
    static byte[] craft(int major, String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 8 + lengthBytes + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] h = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        b.put(h).put(data);
        return b.array();
    }

    static byte[] doubles(ByteOrder order, double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(order);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    static byte[] floats(ByteOrder order, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private IllegalArgumentException readFails(Path p) {
        return assertThrows(IllegalArgumentException.class, () -> Npy.read(p, "--W"));
    }

    @Test
    void float64MatrixRoundTripsBitForBit() throws IOException {
        double[] v = randomValues(7 * 5, 1);
        v[3] = -0.0;
        v[4] = Double.MIN_VALUE;
        v[5] = Double.MAX_VALUE;
        Matrix m = new Matrix(7, 5, v);
        Path p = dir.resolve("m.npy");
        Npy.write(p, m, Precision.F64);
        Matrix back = Npy.readMatrix(p, "--W");
        assertEquals(7, back.rows());
        assertEquals(5, back.cols());
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back.data()[i]), "entry " + i);
        }
    }

    @Test
    void float32WritesRoundedValuesAndReadsThemBack() throws IOException {
        double[] v = randomValues(11, 2);
        Path p = dir.resolve("v.npy");
        Npy.write(p, v, Precision.F32);
        NdArray back = Npy.read(p, "--a");
        assertArrayEquals(new int[]{11}, back.shape());
        for (int i = 0; i < v.length; i++) {
            assertEquals((double) (float) v[i], back.data()[i], 0.0, "entry " + i);
        }
        // 4 bytes an entry after a 64-byte-aligned header
        assertEquals(128 + 11 * 4, Files.size(p), "the header is 64-aligned and the data float32");
    }

    @Test
    void writtenHeaderFollowsVersion10Layout() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, new NdArray(new int[]{2, 3}, new double[6], "t"), "<f8");
        byte[] b = out.toByteArray();
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data must start at a multiple of 64");
        String header = new String(b, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 48, b.length);
    }

    @Test
    void oneDimensionalShapeIsWrittenWithTrailingComma() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, NdArray.of(new double[]{1, 2, 3}), Precision.F64);
        String text = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("'shape': (3,)"), text);
    }

    @Test
    void readsVersions20And30AndBothByteOrders() throws IOException {
        double[] v = {1.5, -2.25, 3e-300, 4e300, 0.1, -7};
        Path v2 = file("v2.npy", craft(2, "<f8", false, "(2, 3)", doubles(ByteOrder.LITTLE_ENDIAN, v)));
        Path v3 = file("v3.npy", craft(3, ">f8", false, "(2, 3)", doubles(ByteOrder.BIG_ENDIAN, v)));
        Path be32 = file("be32.npy", craft(1, ">f4", false, "(6,)", floats(ByteOrder.BIG_ENDIAN, 1.5f, -2.25f, 0.1f, 3, 4, 5)));
        Path le32 = file("le32.npy", craft(1, "<f4", false, "(3, 2)", floats(ByteOrder.LITTLE_ENDIAN, 1.5f, -2.25f, 0.1f, 3, 4, 5)));
        assertArrayEquals(v, Npy.read(v2, "--W").data(), 0.0);
        assertArrayEquals(v, Npy.read(v3, "--W").data(), 0.0);
        assertArrayEquals(new double[]{1.5, -2.25, 0.1f, 3, 4, 5}, Npy.read(be32, "--a").data(), 0.0);
        assertArrayEquals(new int[]{3, 2}, Npy.read(le32, "--W").shape());
        assertEquals((double) 0.1f, Npy.readMatrix(le32, "--W").get(1, 0), 0.0);
    }

    @Test
    void readsEmptyArraysAndPython2Longs() throws IOException {
        Path empty = file("e.npy", craft(1, "<f8", false, "(0, 4)", new byte[0]));
        assertArrayEquals(new int[]{0, 4}, Npy.read(empty, "--W").shape());
        Path longs = file("l.npy", craft(1, "<f8", false, "(2L, 1L)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2)));
        assertArrayEquals(new double[]{1, 2}, Npy.readVector(longs, "--a"), 0.0);
    }

    @Test
    void vectorsAcceptColumnAndRowShapesButNotFullMatrices() throws IOException {
        Path col = file("c.npy", craft(1, "<f8", false, "(3, 1)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3)));
        Path row = file("r.npy", craft(1, "<f8", false, "(1, 3)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3)));
        Path full = file("f.npy", craft(1, "<f8", false, "(2, 2)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4)));
        assertArrayEquals(new double[]{1, 2, 3}, Npy.readVector(col, "--a"), 0.0);
        assertArrayEquals(new double[]{1, 2, 3}, Npy.readVector(row, "--a"), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.readVector(full, "--a"));
        assertMessage(e, "--a", full.toString(), "(2, 2)", "must be a vector");
        assertEquals(1, Npy.readMatrix(row, "--W").rows(), "(1, 3) is also a valid 1 x 3 matrix");
        Path oneD = file("o.npy", craft(1, "<f8", false, "(3,)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3)));
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> Npy.readMatrix(oneD, "--W"));
        assertMessage(e3, "--W", "(3,)", "2-D");
    }

    static void assertMessage(Exception e, String... parts) {
        String msg = e.getMessage();
        assertTrue(!msg.contains("\n"), "one line: " + msg);
        for (String part : parts) {
            assertTrue(msg.contains(part), "message should contain '" + part + "': " + msg);
        }
    }

    @Test
    void missingFileNamesParameterAndPath() {
        Path p = dir.resolve("nope.npy");
        assertMessage(readFails(p), "--W", "nope.npy", "file not found");
    }

    @Test
    void directoryIsRejected() throws IOException {
        Path p = Files.createDirectory(dir.resolve("d.npy"));
        assertMessage(readFails(p), "--W", "d.npy", "cannot be read");
    }

    @Test
    void badMagicAndShortFilesAreRejected() throws IOException {
        assertMessage(readFails(file("csv.npy", "1,2,3\n".getBytes(StandardCharsets.US_ASCII))), "--W", "not a .npy file");
        assertMessage(readFails(file("short.npy", new byte[]{(byte) 0x93, 'N', 'U'})), "--W", "not a .npy file");
        byte[] cut = craft(1, "<f8", false, "(2,)", new byte[0]);
        byte[] partialHeader = java.util.Arrays.copyOf(cut, 30);
        assertMessage(readFails(file("cut.npy", partialHeader)), "--W", "ends inside the header");
    }

    @Test
    void unsupportedVersionIsRejected() throws IOException {
        byte[] b = craft(1, "<f8", false, "(1,)", doubles(ByteOrder.LITTLE_ENDIAN, 1));
        b[6] = 4;
        assertMessage(readFails(file("v4.npy", b)), "--W", "version 4.0", "allowed: 1.0, 2.0, 3.0");
    }

    @Test
    void unsupportedDtypesAreRejected() throws IOException {
        assertMessage(readFails(file("c16.npy", craft(1, "<c16", false, "(1,)", new byte[16]))),
                "--W", "'<c16'", "allowed dtypes");
        assertMessage(readFails(file("f2.npy", craft(1, "<f2", false, "(1,)", new byte[2]))), "--W", "'<f2'");
    }

    @Test
    void fortranOrderIsTransposedBackToRows() throws IOException {
        // columns first: (2, 3) [[1, 2, 3], [4, 5, 6]] is stored 1 4 2 5 3 6
        Path p = file("f.npy", craft(1, "<f8", true, "(2, 3)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 4, 2, 5, 3, 6)));
        NdArray a = Npy.read(p, "--W");
        assertArrayEquals(new int[]{2, 3}, a.shape());
        assertArrayEquals(new double[]{1, 2, 3, 4, 5, 6}, a.data(), 0.0);
    }

    @Test
    void integersAreConverted() throws IOException {
        ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-3).putLong(1L << 40);
        assertArrayEquals(new double[]{-3, 1L << 40}, Npy.read(file("i8.npy", craft(1, "<i8", false, "(2,)", i8.array())), "--a").data(), 0.0);
        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(-7).putInt(9);
        assertArrayEquals(new double[]{-7, 9}, Npy.read(file("i4.npy", craft(1, ">i4", false, "(2,)", i4.array())), "--a").data(), 0.0);
        byte[] u1 = {(byte) 255, 1};
        assertArrayEquals(new double[]{255, 1}, Npy.read(file("u1.npy", craft(1, "|u1", false, "(2,)", u1)), "--a").data(), 0.0);
        ByteBuffer u8 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
        assertArrayEquals(new double[]{0x1p64}, Npy.read(file("u8.npy", craft(1, "<u8", false, "(1,)", u8.array())), "--a").data(), 0.0);
    }

    @Test
    void scalarsAndThreeDimensionalArraysAreRejected() throws IOException {
        assertMessage(readFails(file("s.npy", craft(1, "<f8", false, "()", doubles(ByteOrder.LITTLE_ENDIAN, 1)))),
                "--W", "rank 0", "1-D or 2-D");
        assertMessage(readFails(file("t.npy", craft(1, "<f8", false, "(1, 1, 2)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2)))),
                "--W", "rank 3", "1-D or 2-D");
    }

    @Test
    void truncatedAndOverlongDataAreRejected() throws IOException {
        Path shortData = file("t.npy", craft(1, "<f8", false, "(3,)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2)));
        assertMessage(readFails(shortData), "--W", "24 bytes", "holds 16 bytes");
        Path longData = file("l.npy", craft(1, "<f8", false, "(1,)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2)));
        assertMessage(readFails(longData), "--W", "8 bytes", "holds 16 bytes");
    }

    @Test
    void nonFiniteEntriesAreRejectedWithTheirIndex() throws IOException {
        Path nan = file("n.npy", craft(1, "<f8", false, "(2, 3)", doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, Double.NaN, 6)));
        assertMessage(readFails(nan), "--W", "n.npy", "[1, 1]", "NaN", "must be finite");
        Path inf = file("i.npy", craft(1, "<f4", false, "(3,)", floats(ByteOrder.LITTLE_ENDIAN, 1, Float.NEGATIVE_INFINITY, 3)));
        assertMessage(readFails(inf), "--W", "[1]", "-Infinity", "must be finite");
    }

    @Test
    void float32OverflowIsRefusedOnWrite() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(out, NdArray.of(new double[]{1, 1e300}), Precision.F32));
        assertMessage(e, "[1]", "float32");
        assertThrows(IllegalArgumentException.class, () -> Npy.write(out, NdArray.of(new double[]{1}), "<i4"));
    }
}
