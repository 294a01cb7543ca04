package dev.barron.backend.cpu;

import dev.barron.model.Precision;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tiled mirror of a lower triangle, whole and by block ranges, on every storage kind. */
class RealArrayTest {

    @Test
    void theMirrorCopiesTheLowerTriangleOntoTheUpperOneAndNothingElse() {
        int n = 150;   // not a multiple of the tile: a short last tile in both directions
        Random r = new Random(3);
        double[] values = new double[n * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();   // representable in float32 too
        }
        for (Precision p : Precision.values()) {
            List<RealArray> kinds = List.of(RealArray.copyOf(p, values), DirectReals.allocate(p, n * n),
                    p == Precision.F64 ? new RealArray.Doubles(values.clone()) : heapFloats(values));
            kinds.get(1).write(0, values, 0, values.length);
            for (RealArray a : kinds) {
                int blocks = (n + RealArray.TILE - 1) / RealArray.TILE;
                a.mirrorLowerToUpper(n, 1, blocks);   // in two ranges, as two threads would
                a.mirrorLowerToUpper(n, 0, 1);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double want = i >= j ? values[i * n + j] : values[j * n + i];
                        assertEquals(want, a.get(i * n + j), 0.0, a.getClass().getSimpleName() + " " + p + " (" + i + "," + j + ")");
                    }
                }
            }
        }
    }

    private static RealArray heapFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new RealArray.Floats(f);
    }
}
