package dev.barron.io;

import dev.barron.model.Check;
import dev.barron.model.Matrix;

import java.util.Arrays;

/**
 * A 1-D or 2-D array of doubles as read from a weight file, in C (row-major) order, with the
 * name of the file it came from so that shape errors can point at it.
 *
 * @param shape  (n) or (rows, cols)
 * @param data   the entries, row-major; length = product of shape
 * @param source where the array came from (a path as the user gave it), for error messages
 */
public record NdArray(int[] shape, double[] data, String source) {

    public NdArray {
        if (shape == null || shape.length < 1 || shape.length > 2) {
            throw Check.bad("shape", shape == null ? "null" : Arrays.toString(shape), "must be 1-D or 2-D");
        }
        long size = 1;
        for (int s : shape) {
            if (s < 0) {
                throw Check.bad("shape", Arrays.toString(shape), "dimensions must be >= 0");
            }
            size *= s;
        }
        if (data == null || data.length != size) {
            throw Check.bad("data.length", data == null ? "null" : data.length, "must equal the product of the shape, " + size);
        }
        shape = shape.clone();
    }

    public static NdArray of(Matrix m) {
        return new NdArray(new int[]{m.rows(), m.cols()}, m.data(), "matrix");
    }

    public static NdArray of(double[] vector) {
        return new NdArray(new int[]{vector.length}, vector, "vector");
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The shape as numpy prints it: (3,) or (3, 4). */
    public String shapeText() {
        return rank() == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
    }

    /** This array as an m x d matrix; it must be 2-D. */
    public Matrix asMatrix(String parameter) {
        if (rank() != 2) {
            throw Check.bad(parameter, source + " (shape " + shapeText() + ")", "must be a 2-D array (rows x columns)");
        }
        return new Matrix(shape[0], shape[1], data);
    }

    /**
     * This array as a vector: 1-D, or 2-D with one column (a CSV of one value a line, a PyTorch
     * column) or one row (the weight of a PyTorch {@code nn.Linear(m, 1)} is 1 x m).
     */
    public double[] asVector(String parameter) {
        if (rank() == 1 || shape[0] == 1 || shape[1] == 1) {
            return data;
        }
        throw Check.bad(parameter, source + " (shape " + shapeText() + ")", "must be a vector: shape (n,), (n, 1) or (1, n)");
    }

    /** Fails on the first NaN or infinite entry, naming its index. */
    public NdArray requireFinite(String parameter) {
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                String at = rank() == 1 ? "[" + i + "]" : "[" + i / shape[1] + ", " + i % shape[1] + "]";
                throw Check.bad(parameter, source, "entry " + at + " is " + data[i]
                        + "; entries must be finite (no NaN or Inf)");
            }
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray a && Arrays.equals(a.shape, shape) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NdArray" + shapeText() + " from " + source;
    }
}
