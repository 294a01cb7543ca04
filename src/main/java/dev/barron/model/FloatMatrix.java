package dev.barron.model;

/**
 * A dense row-major matrix of floats: entry (r, c) is {@code data[r * cols + c]}. The input of
 * a float32 forward pass ({@code Backend.forward(FloatMatrix, Network)}): data that is float32
 * already (a float32 .npy file, an array from a float32 pipeline) then reaches the products
 * without being widened to double and rounded back, a pass over every entry of a large batch.
 *
 * <p>Like {@link Matrix}, the array is held, not copied; nobody mutates it once handed on.
 */
public record FloatMatrix(int rows, int cols, float[] data) {

    public FloatMatrix {
        Check.matrix(rows, cols, data, data == null ? 0 : data.length);
    }

    /** x rounded to float, entry by entry. */
    public static FloatMatrix rounded(Matrix x) {
        float[] f = new float[x.data().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) x.data()[i];
        }
        return new FloatMatrix(x.rows(), x.cols(), f);
    }

    /** This matrix widened to double (exactly). */
    public Matrix widened() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return new Matrix(rows, cols, d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMatrix f && rows == f.rows && cols == f.cols && java.util.Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + " x " + cols + "]";
    }
}
