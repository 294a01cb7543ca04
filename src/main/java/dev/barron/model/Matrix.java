package dev.barron.model;

import java.util.Arrays;

/**
 * A dense row-major matrix of doubles: entry (r, c) is {@code data[r * cols + c]}.
 *
 * <p>The array is held, not copied, so that large matrices cross layers without copies;
 * by convention nobody mutates a Matrix once it has been handed on. {@link #copy()} gives
 * an independent one.
 */
public record Matrix(int rows, int cols, double[] data) {

    public Matrix {
        Check.matrix(rows, cols, data, data == null ? 0 : data.length);
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[rows * cols]);
    }

    /** Builds a matrix from rows of equal length (convenient in tests and examples). */
    public static Matrix of(double[]... rowArrays) {
        int r = rowArrays.length;
        int c = r == 0 ? 0 : rowArrays[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rowArrays[i].length != c) {
                throw Check.bad("row " + i + " length", rowArrays[i].length, "all rows must have length " + c);
            }
            System.arraycopy(rowArrays[i], 0, d, i * c, c);
        }
        return new Matrix(r, c, d);
    }

    public double get(int r, int c) {
        return data[r * cols + c];
    }

    public double[] row(int r) {
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + " x " + cols + "]";
    }
}
