package dev.barron.backend.cpu;

import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.LossGradient;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Precision;
import dev.barron.model.Teacher;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One {@link LaneBlock} evaluation against the general population evaluator (BLAS products,
 * rows rescaled by powers of two), lane by lane, on the geometries where the lane code takes
 * its other branches: rows parallel and antiparallel to a teacher or to each other, 1e-9 off
 * parallel (the direct angle form), a zero row, and in every lane a different mix; shapes whose
 * row counts and widths are not multiples of the four-row blocks, so the tails run too.
 */
class LaneBlockTest {

    @Test
    void everyLaneIsTheGeneralEvaluatorsLossAndGradient() {
        try (CpuBackend cpu = (CpuBackend) Backends.cpu(BackendOptions.of(Precision.F64))) {
            for (int[] shape : new int[][]{{9, 3, 7}, {6, 5, 8}, {4, 4, 4}, {3, 2, 1}, {20, 20, 20}, {13, 6, 9}, {1, 1, 1}, {1, 2, 3}, {2, 1, 5}}) {
                int m = shape[0];
                int k = shape[1];
                int d = shape[2];
                SplittableRandom rng = new SplittableRandom(31L * m + k + d);
                Teacher teacher = new Teacher(randomRows(rng, k, d), ones(k));
                LaneBlock block = new LaneBlock(m, k, d, 1.0);
                Network[] nets = new Network[LaneBlock.LANES];
                for (int l = 0; l < LaneBlock.LANES; l++) {
                    nets[l] = Network.relu(hardRows(rng, teacher.v(), m, d, l), signs(rng, m));
                    block.load(l, nets[l], cpu.prepare(teacher, nets[l]));
                }
                block.evaluate(true);
                for (int l = 0; l < LaneBlock.LANES; l++) {
                    LossGradient want = cpu.populationLossAndGradient(nets[l], teacher);
                    String what = "shape " + m + "," + k + "," + d + " lane " + l;
                    assertEquals(want.loss(), block.loss[l], 1e-12 * Math.max(1, Math.abs(want.loss())), what + " loss");
                    double scale = maxAbs(want.gradW().data());
                    double[] got = block.gradientW(l);
                    for (int e = 0; e < got.length; e++) {
                        assertEquals(want.gradW().data()[e], got[e], 1e-11 * Math.max(1, scale), what + " grad W entry " + e);
                    }
                }
            }
        }
    }

    /**
     * Teachers whose rows are standard basis vectors (identity and permuted) take the short
     * path; it must give every lane the bits the general loops give. The general loops run in a
     * second block where the last lane's teacher is not of that kind.
     */
    @Test
    void basisTeachersGiveTheGeneralLoopsBitsAndTheGeneralEvaluatorsValues() {
        try (CpuBackend cpu = (CpuBackend) Backends.cpu(BackendOptions.of(Precision.F64))) {
            for (int[] shape : new int[][]{{6, 6, 6}, {9, 3, 7}, {5, 4, 9}, {20, 20, 20}}) {
                int m = shape[0];
                int k = shape[1];
                int d = shape[2];
                SplittableRandom rng = new SplittableRandom(17L * m + k + d);
                double[][] rows = new double[k][d];
                for (int j = 0; j < k; j++) {
                    rows[j][(j * 5 + 2) % d] = 1;   // distinct positions: 5 is prime to every d used
                }
                Teacher basis = new Teacher(Matrix.of(rows), ones(k));
                Teacher other = new Teacher(randomRows(rng, k, d), ones(k));
                LaneBlock fast = new LaneBlock(m, k, d, 1.0);
                LaneBlock general = new LaneBlock(m, k, d, 1.0);
                Network[] nets = new Network[LaneBlock.LANES];
                for (int l = 0; l < LaneBlock.LANES; l++) {
                    nets[l] = Network.relu(hardRows(rng, basis.v(), m, d, l), signs(rng, m));
                    fast.load(l, nets[l], cpu.prepare(basis, nets[l]));
                    Teacher t = l == LaneBlock.LANES - 1 ? other : basis;
                    general.load(l, nets[l], cpu.prepare(t, nets[l]));
                }
                fast.evaluate(true);
                general.evaluate(true);
                for (int l = 0; l < LaneBlock.LANES - 1; l++) {
                    String what = "shape " + m + "," + k + "," + d + " lane " + l;
                    assertEquals(Double.doubleToLongBits(general.loss[l]), Double.doubleToLongBits(fast.loss[l]), what + " loss bits");
                    double[] want = general.gradientW(l);
                    double[] got = fast.gradientW(l);
                    for (int e = 0; e < got.length; e++) {
                        assertEquals(Double.doubleToLongBits(want[e]), Double.doubleToLongBits(got[e]), what + " grad W entry " + e + " bits");
                    }
                    LossGradient oracle = cpu.populationLossAndGradient(nets[l], basis);
                    assertEquals(oracle.loss(), fast.loss[l], 1e-12 * Math.max(1, Math.abs(oracle.loss())), what + " loss");
                }
            }
        }
    }

    /**
     * Rows of mixed kinds, chosen by lane and row: random; a teacher row, or its negative, scaled;
     * a teacher row turned by 1e-9; a copy of an earlier row (a student pair at angle 0); zero.
     */
    private static Matrix hardRows(SplittableRandom rng, Matrix v, int m, int d, int lane) {
        double[][] rows = new double[m][d];
        for (int i = 0; i < m; i++) {
            int kind = (i + lane) % 6;
            int j = i % v.rows();
            for (int t = 0; t < d; t++) {
                double vt = v.get(j, t);
                rows[i][t] = switch (kind) {
                    case 0 -> rng.nextGaussian();
                    case 1 -> 1.5 * vt;
                    case 2 -> -0.7 * vt;
                    case 3 -> vt + 1e-9 * rng.nextGaussian();
                    case 4 -> i > 0 ? 2 * rows[i - 1][t] : rng.nextGaussian();
                    default -> lane % 2 == 0 ? 0.0 : -vt - 1e-9 * rng.nextGaussian();
                };
            }
        }
        return Matrix.of(rows);
    }

    private static Matrix randomRows(SplittableRandom rng, int rows, int d) {
        double[][] out = new double[rows][d];
        for (double[] row : out) {
            for (int t = 0; t < d; t++) {
                row[t] = rng.nextGaussian();
            }
        }
        return Matrix.of(out);
    }

    private static double[] ones(int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, 1.0);
        return out;
    }

    private static double[] signs(SplittableRandom rng, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextBoolean() ? 1 : -0.5;
        }
        return out;
    }

    private static double maxAbs(double[] x) {
        double max = 0;
        for (double e : x) {
            max = Math.max(max, Math.abs(e));
        }
        return max;
    }
}
