package dev.barron.backend.cpu;

import dev.barron.model.Precision;

/**
 * Storage of real numbers in the backend's precision: one code path serves float64 and float32.
 *
 * <p>The CPU backend keeps every operand of a matrix product in a RealArray, so that a float32
 * backend really multiplies in float (sgemm) while a float64 backend uses dgemm. The scalar
 * work between the products (angles, kernels, activations) reads rows into double scratch
 * with {@link #read}, computes in double, and stores the result back with {@link #write},
 * which rounds to the storage precision. Bulk row copies keep the scalar loops free of
 * per-element dispatch.
 */
sealed interface RealArray permits RealArray.Doubles, RealArray.Floats, DirectReals.Doubles, DirectReals.Floats {

    /**
     * A zero rows x cols matrix; fails clearly when it cannot be one Java array. With the
     * bundled OpenBLAS it lives in native memory ({@link DirectReals}), so that products read
     * and write it in place instead of copying it across on every call.
     */
    static RealArray allocate(Precision precision, int rows, int cols) {
        int length = checkedSize(rows, cols);
        if (DirectReals.wanted(precision, length)) {
            return DirectReals.allocate(precision, length);
        }
        return precision == Precision.F64 ? new Doubles(new double[length]) : new Floats(new float[length]);
    }

    /** rows * cols, or a BackendException when a Java array cannot hold that many entries. */
    static int checkedSize(int rows, int cols) {
        long length = (long) rows * cols;
        if (length > Integer.MAX_VALUE - 16) {
            throw new dev.barron.backend.BackendException("a " + rows + " x " + cols
                    + " matrix is too large for the cpu backend (at most 2^31 entries per array)");
        }
        return (int) length;
    }

    /** A copy of values rounded to the precision (float64 copies too: callers may overwrite it). */
    static RealArray copyOf(Precision precision, double[] values) {
        RealArray copy = allocate(precision, 1, values.length);
        copy.write(0, values, 0, values.length);
        return copy;
    }

    /**
     * values as a read-only operand in the precision: float64 wraps the array itself (no
     * copy; the caller must not write through it), float32 is a rounded copy.
     */
    static RealArray operand(Precision precision, double[] values) {
        return precision == Precision.F64 ? new Doubles(values) : copyOf(precision, values);
    }

    Precision precision();

    int length();

    double get(int index);

    void set(int index, double value);

    /** Copies length entries from offset into dst[dstOffset ..], widening to double. */
    void read(int offset, double[] dst, int dstOffset, int length);

    /**
     * Copies length entries from offset into dst[dstOffset ..] as floats: exact for float32
     * storage (the fast path of the float32 forward pass), rounding for float64.
     */
    default void readFloats(int offset, float[] dst, int dstOffset, int length) {
        for (int t = 0; t < length; t++) {
            dst[dstOffset + t] = (float) get(offset + t);
        }
    }

    /** Stores src[srcOffset .. srcOffset+length) at offset, rounding to the storage precision. */
    void write(int offset, double[] src, int srcOffset, int length);

    /** Stores floats at offset (exact in either precision). */
    default void writeFloats(int offset, float[] src, int srcOffset, int length) {
        for (int t = 0; t < length; t++) {
            set(offset + t, src[srcOffset + t]);
        }
    }

    /**
     * Copies the lower triangle of the row-major n x n matrix at offset 0 onto its upper
     * triangle, in tiles so that the transposed reads stay in cache.
     */
    default void mirrorLowerToUpper(int n) {
        mirrorLowerToUpper(n, 0, (n + TILE - 1) / TILE);
    }

    /**
     * {@link #mirrorLowerToUpper(int)} for the upper-triangle rows of tile rows [fromBlock,
     * toBlock), which different threads may do at once. Each TILE x TILE source block is read
     * row by row in bulk into a local tile and written back transposed, row by row in bulk,
     * so every storage pays only its bulk copies (f32 values widen and narrow exactly).
     */
    default void mirrorLowerToUpper(int n, int fromBlock, int toBlock) {
        double[] tile = new double[TILE * TILE];
        double[] row = new double[TILE];
        for (int rb = fromBlock * TILE; rb < Math.min(n, toBlock * TILE); rb += TILE) {
            int rEnd = Math.min(rb + TILE, n);
            for (int cb = rb; cb < n; cb += TILE) {
                int cEnd = Math.min(cb + TILE, n);
                for (int c = cb; c < cEnd; c++) {
                    read(c * n + rb, tile, (c - cb) * TILE, rEnd - rb);
                }
                for (int r = rb; r < rEnd; r++) {
                    int c0 = Math.max(cb, r + 1);
                    for (int c = c0; c < cEnd; c++) {
                        row[c - c0] = tile[(c - cb) * TILE + (r - rb)];
                    }
                    if (c0 < cEnd) {
                        write(r * n + c0, row, 0, cEnd - c0);
                    }
                }
            }
        }
    }

    /** Tile edge of {@link #mirrorLowerToUpper}. */
    int TILE = 64;

    /**
     * Gives native storage back now rather than when the collector finds it: evaluators call it
     * on their large temporaries. Heap storage ignores it. The array must not be used after.
     */
    default void release() {
    }

    /**
     * All entries as a double array that the caller then owns: in float64 on the heap the
     * storage itself (no copy), else a widened copy, after which native storage is released.
     * Use only on an array nothing else will touch again.
     */
    default double[] releaseAsDoubles() {
        if (this instanceof Doubles doubles) {
            return doubles.data();
        }
        double[] out = toDoubles();
        release();
        return out;
    }

    /** All entries as a new double array. */
    default double[] toDoubles() {
        double[] out = new double[length()];
        read(0, out, 0, out.length);
        return out;
    }

    /** float64 storage. */
    record Doubles(double[] data) implements RealArray {
        @Override
        public Precision precision() {
            return Precision.F64;
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public double get(int index) {
            return data[index];
        }

        @Override
        public void set(int index, double value) {
            data[index] = value;
        }

        @Override
        public void read(int offset, double[] dst, int dstOffset, int length) {
            System.arraycopy(data, offset, dst, dstOffset, length);
        }

        @Override
        public void write(int offset, double[] src, int srcOffset, int length) {
            System.arraycopy(src, srcOffset, data, offset, length);
        }

    }

    /** float32 storage. */
    record Floats(float[] data) implements RealArray {
        @Override
        public void readFloats(int offset, float[] dst, int dstOffset, int length) {
            System.arraycopy(data, offset, dst, dstOffset, length);
        }

        @Override
        public void writeFloats(int offset, float[] src, int srcOffset, int length) {
            System.arraycopy(src, srcOffset, data, offset, length);
        }

        @Override
        public Precision precision() {
            return Precision.F32;
        }

        @Override
        public int length() {
            return data.length;
        }

        @Override
        public double get(int index) {
            return data[index];
        }

        @Override
        public void set(int index, double value) {
            data[index] = (float) value;
        }

        @Override
        public void read(int offset, double[] dst, int dstOffset, int length) {
            for (int t = 0; t < length; t++) {
                dst[dstOffset + t] = data[offset + t];
            }
        }

        @Override
        public void write(int offset, double[] src, int srcOffset, int length) {
            for (int t = 0; t < length; t++) {
                data[offset + t] = (float) src[srcOffset + t];
            }
        }

    }
}
