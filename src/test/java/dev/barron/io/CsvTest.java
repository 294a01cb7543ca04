package dev.barron.io;

import dev.barron.model.Matrix;
import dev.barron.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static dev.barron.io.NpyTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private IllegalArgumentException readFails(Path p) {
        return assertThrows(IllegalArgumentException.class, () -> Csv.read(p, "--X"));
    }

    @Test
    void float64MatrixRoundTripsExactly() throws IOException {
        Random r = new Random(3);
        double[] v = new double[4 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(600) - 300);
        }
        v[0] = -0.0;
        v[1] = Double.MIN_VALUE;
        Path p = dir.resolve("m.csv");
        Csv.write(p, new Matrix(4, 6, v), Precision.F64);
        assertEquals(4, Files.readAllLines(p).size(), "one row a line");
        Matrix back = Csv.readMatrix(p, "--X");
        assertEquals(4, back.rows());
        assertEquals(6, back.cols());
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back.data()[i]), "entry " + i);
        }
    }

    @Test
    void float32WritesShortFormsThatReadBackToTheSameFloat() throws IOException {
        double[] v = {0.1, 1.0 / 3, -2.5e-7, 12345.678};
        Path p = dir.resolve("v.csv");
        Csv.write(p, v, Precision.F32);
        assertEquals("0.1", Files.readAllLines(p).get(0));
        double[] back = Csv.readVector(p, "--y");
        for (int i = 0; i < v.length; i++) {
            assertEquals((float) v[i], (float) back[i], 0.0f, "entry " + i);
        }
    }

    @Test
    void vectorIsOneValueALineAndReadsBackAsAColumn() throws IOException {
        Path p = dir.resolve("a.csv");
        Csv.write(p, new double[]{1, -2, 3.5}, Precision.F64);
        assertEquals(java.util.List.of("1.0", "-2.0", "3.5"), Files.readAllLines(p));
        assertArrayEquals(new int[]{3, 1}, Csv.read(p, "--a").shape());
        assertArrayEquals(new double[]{1, -2, 3.5}, Csv.readVector(p, "--a"), 0.0);
    }

    @Test
    void commentsBlankLinesAndSpacesAreIgnored() throws IOException {
        Path p = file("c.csv", "# weights from numpy\n\n 1.0, 2e-3 ,-3 # trailing comment\r\n4,.5,6.\n\n# end\n");
        Matrix m = Csv.readMatrix(p, "--W");
        assertEquals(2, m.rows());
        assertArrayEquals(new double[]{1, 2e-3, -3, 4, 0.5, 6}, m.data(), 0.0);
    }

    @Test
    void readsNumpySavetxtFormat() throws IOException {
        // np.savetxt(f, [[1, 2], [3, 4]], delimiter=",", header="W") writes exactly this
        Path p = file("np.csv", "# W\n1.000000000000000000e+00,2.000000000000000000e+00\n"
                + "3.000000000000000000e+00,4.000000000000000000e+00\n");
        assertArrayEquals(new double[]{1, 2, 3, 4}, Csv.readMatrix(p, "--W").data(), 0.0);
    }

    @Test
    void missingFileIsRejected() {
        assertMessage(readFails(dir.resolve("none.csv")), "--X", "none.csv", "file not found");
    }

    @Test
    void raggedRowsAreRejectedWithTheLineNumber() throws IOException {
        Path p = file("r.csv", "1,2,3\n# note\n4,5\n");
        assertMessage(readFails(p), "--X", "r.csv", "line 3", "2 values", "first row has 3");
    }

    @Test
    void nonNumbersAreRejectedWithTheirPosition() throws IOException {
        assertMessage(readFails(file("t.csv", "1,2\n3,abc\n")), "--X", "line 2, column 2", "'abc'", "not a number");
        assertMessage(readFails(file("e.csv", "1,,2\n")), "--X", "line 1, column 2", "''");
        assertMessage(readFails(file("s.csv", "1;2\n")), "--X", "'1;2'");
        assertMessage(readFails(file("h.csv", "0x1p3\n")), "--X", "'0x1p3'");
    }

    @Test
    void nanAndInfAreRejectedAsNonFinite() throws IOException {
        assertMessage(readFails(file("n.csv", "1,2\n3,nan\n")), "--X", "[1, 1]", "NaN", "must be finite");
        assertMessage(readFails(file("i.csv", "1,-inf\n")), "--X", "[0, 1]", "-Infinity");
        assertMessage(readFails(file("j.csv", "Infinity\n")), "--X", "[0, 0]", "Infinity");
        assertMessage(readFails(file("o.csv", "1e400\n")), "--X", "Infinity", "must be finite");
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        assertMessage(readFails(file("e.csv", "# only a comment\n\n")), "--X", "no numbers");
        assertMessage(readFails(file("z.csv", "")), "--X", "no numbers");
    }

    @Test
    void matrixWhereVectorExpectedIsRejected() throws IOException {
        Path p = file("m.csv", "1,2\n3,4\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.readVector(p, "--y"));
        assertMessage(e, "--y", "(2, 2)", "must be a vector");
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreRead() throws IOException {
        Path p = file("bom.csv", "\uFEFF5.62e-02,1\r\n0,1\r\n");
        NdArray a = Csv.read(p, "--W");
        assertArrayEquals(new int[]{2, 2}, a.shape());
        assertArrayEquals(new double[]{5.62e-02, 1, 0, 1}, a.data(), 0.0);
    }

    @Test
    void aFieldLongerThanAnyNumberIsRefusedAtOnce() throws IOException {
        Path p = file("zeros.csv", "\0".repeat(Csv.MAX_FIELD + 1));
        assertMessage(readFails(p), "line 1, column 1", "more than " + Csv.MAX_FIELD + " characters");
    }

    @Test
    void binaryContentIsRefusedInOneLine() throws IOException {
        Path p = dir.resolve("binary.csv");
        Files.write(p, new byte[]{'1', ',', (byte) 0xC3, (byte) 0x28, '\n'});
        assertMessage(readFails(p), "line 1 is not UTF-8 text");
    }

    @Test
    void oneLongLineIsAVectorOfAnyLength() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            sb.append(i == 0 ? "" : ",").append(i);
        }
        NdArray a = Csv.read(file("long.csv", sb + "\n"), "--a");
        assertArrayEquals(new int[]{1, 200_000}, a.shape());
        assertEquals(199_999.0, a.data()[199_999], 0.0);
    }
}
