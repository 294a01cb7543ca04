package dev.barron.cli;

import dev.barron.io.NdArray;
import dev.barron.io.WeightFiles;
import dev.barron.model.Activation;
import dev.barron.model.Matrix;
import dev.barron.model.Network;
import dev.barron.model.Scaling;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --W, --a and --scaling: the student network read from weight files (a picocli mixin). */
public final class NetworkFiles {

    @Option(names = "--W", required = true, paramLabel = "FILE",
            description = "First-layer weights, m x d (.npy, .npz or .csv), one row per neuron.")
    Path w;

    @Option(names = "--a", required = true, paramLabel = "FILE",
            description = "Outer weights, length m (.npy, .npz or .csv; shape (m,), (m, 1) or (1, m), kept in what is written).")
    Path a;

    @Option(names = "--scaling", paramLabel = "S", defaultValue = "plain",
            converter = Converters.ScalingConverter.class, completionCandidates = Converters.ScalingLabels.class,
            description = "Output scaling s: ${COMPLETION-CANDIDATES} (s = 1/m). Default: ${DEFAULT-VALUE}.")
    Scaling scaling;

    /** The shape --a had, so that an a written back (or its gradient) keeps it: a (1, m) PyTorch weight stays (1, m). */
    private int[] aShape;

    /** Reads and checks W and a; every failure names --W or --a. */
    public Network read(Activation activation) {
        Matrix weights = readMatrix(w, "--W");
        if (weights.rows() < 1) {
            throw BadInputException.of("--W", w + " (shape (0, " + weights.cols() + "))",
                    "the network needs at least one neuron (m >= 1 rows)");
        }
        if (weights.cols() < 1) {
            throw BadInputException.of("--W", w + " (shape (" + weights.rows() + ", 0))",
                    "the input dimension must be d >= 1 columns");
        }
        NdArray outer = readVectorArray(a, "--a", weights.rows(), "one per row of --W");
        aShape = outer.shape();
        return new Network(weights, outer.data(), scaling, activation);
    }

    /** Values of the length of a, in the shape --a had. */
    public NdArray shapedLikeA(double[] values) {
        return new NdArray(aShape == null ? new int[]{values.length} : aShape, values, "a");
    }

    static Matrix readMatrix(Path file, String parameter) {
        return BadInputException.guard(() -> WeightFiles.read(file, parameter).asMatrix(parameter));
    }

    /** Reads a vector that must have the given length. */
    static double[] readVector(Path file, String parameter, int length, String why) {
        return readVectorArray(file, parameter, length, why).data();
    }

    private static NdArray readVectorArray(Path file, String parameter, int length, String why) {
        NdArray array = BadInputException.guard(() -> WeightFiles.read(file, parameter));
        double[] v = BadInputException.guard(() -> array.asVector(parameter));
        if (v.length != length) {
            throw BadInputException.of(parameter, file + " (shape " + array.shapeText() + ")",
                    "must have " + length + " entries, " + why);
        }
        return array;
    }

    /** Reads a matrix whose column count must equal d, the columns of --W. */
    static Matrix readMatrixWithColumns(Path file, String parameter, int d, int minRows) {
        Matrix m = readMatrix(file, parameter);
        if (m.cols() != d) {
            throw BadInputException.of(parameter, file + " (shape (" + m.rows() + ", " + m.cols() + "))",
                    "must have d = " + d + " columns, the input dimension of --W");
        }
        if (m.rows() < minRows) {
            throw BadInputException.of(parameter, file + " (shape (" + m.rows() + ", " + m.cols() + "))",
                    "must have at least " + minRows + " row");
        }
        return m;
    }
}
