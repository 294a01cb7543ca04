package dev.barron.io;

import dev.barron.model.Matrix;
import dev.barron.model.Precision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files written by real numpy read in Barron, and the other way round. The expected values
 * cross between the two sides as hexadecimal floats (Python's float.hex, Java's
 * Double.parseDouble), so no decimal rounding hides a mismatch. Skipped, with a message,
 * where python3 with numpy is absent; the byte-level tests in NpyTest run everywhere.
 * The interpreter is python3 on the PATH, or the system property barron.python.
 */
class NumpyInteropTest {

    private static final String PYTHON = System.getProperty("barron.python", "python3");
    private static String numpyMissing;

    @TempDir
    Path dir;

    @BeforeAll
    static void findNumpy() {
        try {
            Result r = python("import numpy; print(numpy.__version__)", Path.of("."));
            numpyMissing = r.exit == 0 ? null : PYTHON + " runs but numpy is not importable: " + r.output.strip();
        } catch (IOException e) {
            numpyMissing = PYTHON + " not found (" + e.getMessage() + ")";
        }
        if (numpyMissing != null) {
            System.err.println("NumpyInteropTest skipped: " + numpyMissing);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result python(String script, Path cwd) throws IOException {
        Process p = new ProcessBuilder(PYTHON, "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python3 timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String runPython(String script) throws IOException {
        assumeTrue(numpyMissing == null, () -> "numpy interop not checked: " + numpyMissing);
        Result r = python(script, dir);
        assertEquals(0, r.exit, PYTHON + " failed:\n" + r.output);
        return r.output;
    }

    private static double[] hexValues(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[] v = new double[lines.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(lines.get(i).strip());
        }
        return v;
    }

    @Test
    void barronReadsWhatNumpyWrites() throws IOException {
        runPython(String.join("\n",
                "import numpy as np",
                "from numpy.lib import format as fmt",
                "rng = np.random.default_rng(7)",
                "a = rng.standard_normal((5, 3)) * 10.0 ** rng.integers(-30, 30, (5, 3))",
                "np.save('m64.npy', a)",
                "np.save('m32.npy', a.astype(np.float32))",
                "np.save('be64.npy', a.astype('>f8'))",
                "np.save('be32.npy', a.astype('>f4'))",
                "np.save('v64.npy', a[:, 0].copy())",
                "np.save('col.npy', a[:, :1].copy())",
                "for v in [(2, 0), (3, 0)]:",
                "    with open('m64_v%d.npy' % v[0], 'wb') as f:",
                "        fmt.write_array(f, a, version=v)",
                "np.save('fortran.npy', np.asfortranarray(a))",
                "np.save('ints.npy', np.arange(3))",
                "np.savez_compressed('net.npz', W=a, a=a[:, 0].copy())",
                "np.savez('stored.npz', first=a)",
                "np.save('cube.npy', np.zeros((2, 2, 2)))",
                "np.savetxt('m.csv', a, delimiter=',', header='written by numpy')",
                "open('m64.hex', 'w').write('\\n'.join(float(x).hex() for x in a.ravel()))",
                "open('m32.hex', 'w').write('\\n'.join(float(x).hex() for x in a.astype(np.float32).ravel()))"));
        double[] expected = hexValues(dir.resolve("m64.hex"));
        double[] expected32 = hexValues(dir.resolve("m32.hex"));
        for (String name : List.of("m64.npy", "be64.npy", "m64_v2.npy", "m64_v3.npy", "m.csv")) {
            Matrix m = WeightFiles.readMatrix(dir.resolve(name), "--W");
            assertEquals(5, m.rows(), name);
            assertEquals(3, m.cols(), name);
            assertArrayEquals(expected, m.data(), 0.0, name);
        }
        for (String name : List.of("m32.npy", "be32.npy")) {
            assertArrayEquals(expected32, WeightFiles.readMatrix(dir.resolve(name), "--W").data(), 0.0, name);
        }
        double[] column = new double[5];
        for (int i = 0; i < 5; i++) {
            column[i] = expected[3 * i];
        }
        assertArrayEquals(column, WeightFiles.readVector(dir.resolve("v64.npy"), "--a"), 0.0);
        assertArrayEquals(column, WeightFiles.readVector(dir.resolve("col.npy"), "--a"), 0.0);
        assertArrayEquals(expected, WeightFiles.readMatrix(dir.resolve("fortran.npy"), "--W").data(), 0.0, "Fortran order");
        assertArrayEquals(new double[]{0, 1, 2}, WeightFiles.readVector(dir.resolve("ints.npy"), "--a"), 0.0, "int64");
        assertArrayEquals(expected, WeightFiles.readMatrix(dir.resolve("net.npz"), "--W").data(), 0.0, "npz by parameter");
        assertArrayEquals(column, WeightFiles.readVector(dir.resolve("net.npz"), "--a"), 0.0, "npz by parameter");
        assertArrayEquals(expected, WeightFiles.readMatrix(dir.resolve("stored.npz:first"), "--W").data(), 0.0, "npz:NAME");
        NpyTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> WeightFiles.read(dir.resolve("stored.npz"), "--W")), "--W", "has no array 'W'", "[first]");
        NpyTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> WeightFiles.read(dir.resolve("cube.npy"), "--W")), "--W", "rank 3");
    }

    @Test
    void numpyReadsWhatBarronWrites() throws IOException {
        Random r = new Random(11);
        double[] v = new double[4 * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * Math.pow(10, r.nextInt(60) - 30);
        }
        Matrix m = new Matrix(4, 7, v);
        Npy.write(dir.resolve("m64.npy"), m, Precision.F64);
        Npy.write(dir.resolve("m32.npy"), m, Precision.F32);
        Npy.write(dir.resolve("v.npy"), m.row(2), Precision.F64);
        Npy.write(dir.resolve("empty.npy"), Matrix.zeros(0, 3), Precision.F64);
        Csv.write(dir.resolve("m.csv"), m, Precision.F64);
        List<String> hex = new ArrayList<>();
        for (double x : v) {
            hex.add(Double.toHexString(x));
        }
        Files.write(dir.resolve("m.hex"), hex);
        String out = runPython(String.join("\n",
                "import numpy as np",
                "e = np.array([float.fromhex(s) for s in open('m.hex').read().split()]).reshape(4, 7)",
                "a = np.load('m64.npy')",
                "assert a.dtype == np.float64 and a.shape == (4, 7) and a.flags.c_contiguous, (a.dtype, a.shape)",
                "assert np.array_equal(a, e), 'float64 values differ'",
                "b = np.load('m32.npy')",
                "assert b.dtype == np.float32 and b.shape == (4, 7), (b.dtype, b.shape)",
                "assert np.array_equal(b, e.astype(np.float32)), 'float32 values differ'",
                "v = np.load('v.npy')",
                "assert v.shape == (7,) and np.array_equal(v, e[2]), v.shape",
                "z = np.load('empty.npy')",
                "assert z.shape == (0, 3), z.shape",
                "c = np.loadtxt('m.csv', delimiter=',')",
                "assert c.shape == (4, 7) and np.array_equal(c, e), 'csv values differ'",
                "print('numpy agrees')"));
        assertEquals("numpy agrees", out.strip());
    }
}
