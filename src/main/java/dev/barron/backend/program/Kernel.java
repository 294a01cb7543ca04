package dev.barron.backend.program;

import java.util.List;

import static dev.barron.backend.program.KernelArg.i;
import static dev.barron.backend.program.KernelArg.in;
import static dev.barron.backend.program.KernelArg.inout;
import static dev.barron.backend.program.KernelArg.out;
import static dev.barron.backend.program.KernelArg.r;

/**
 * Every kernel entry of kernels/*.cl with its parameters, declared here once: the drivers bind
 * arguments by these names and launch in this order, and KernelSignatureTest holds each
 * declaration to the parameter list in the .cl source. The comments name the file.
 */
public enum Kernel {
    // reduce.cl
    SUM_REDUCE("sum_reduce", in("parts"), i("n"), out("out"), i("outIndex")),
    NORM_REDUCE("norm_reduce", in("parts"), i("n"), out("out"), i("outIndex")),
    STEP_STATS("step_stats", in("lossParts"), i("nParts"), in("gradRowNorms"), i("m"), in("gradA"),
            i("includeOuter"), out("stats")),
    // scaling.cl
    ROW_SCALING("row_scaling", in("u"), i("row0"), i("d"), out("us"), out("norms"), out("exps")),
    // matmul.cl
    MATMUL_STRIDED("matmul_strided", in("a"), i("sai"), i("sat"), in("b"), i("sbt"), i("sbj"), out("c"), i("ldc"),
            i("rows"), i("cols"), i("inner"), r("scale")),
    // gram.cl
    GRAM("gram", in("p"), i("pRow0"), in("q"), i("qRow0"), out("g"), i("rowsP"), i("rowsQ"), i("d")),
    // forward.cl
    HIDDEN_LAYER("hidden_layer", in("x"), in("w"), in("a"), r("s"), i("n"), i("m"), i("d"), i("act"), out("h"),
            out("deriv"), i("wantDerivative")),
    OUTPUT_LAYER("output_layer", in("h"), in("a"), r("s"), i("n"), i("m"), in("y"), i("hasTarget"), r("lossScale"),
            out("out"), out("lossParts")),
    // empirical.cl
    BACKPROP_SCALE("backprop_scale", inout("deriv"), in("e"), i("n"), i("m"), r("invN")),
    OUTER_GRADIENT("outer_gradient", in("h"), in("e"), i("n"), i("m"), r("scale"), out("gradA")),
    // population.cl
    PAIR_COEFFICIENTS("pair_coefficients", in("g"), in("u"), in("norms"), in("exps"), in("ab"), i("m"), r("s"),
            i("rowOff"), i("colOff"), i("nc"), i("d"), i("act"), out("coef"), out("rowLoss"), out("gradA"),
            out("rowScale")),
    GRADIENT_ASSEMBLY("gradient_assembly", in("coef"), in("u"), in("rowScale"), i("m"), i("nc"), i("d"),
            out("gradW")),
    // angles.cl
    PAIR_ANGLES("pair_angles", in("g"), in("u"), in("norms"), i("rowOff"), i("nr"), i("colOff"), i("nc"), i("d"),
            out("theta")),
    // update.cl
    ROW_NORMS("row_norms", in("u"), i("row0"), i("d"), out("norms")),
    GD_UPDATE("gd_update", inout("w"), in("gradW"), inout("a"), in("gradA"), i("d"), r("lr"), i("trainOuter"),
            out("norms")),
    // pathnorm.cl
    PATH_NORM_TERMS("path_norm_terms", in("w"), in("a"), i("m"), i("d"), out("terms")),
    // prox.cl
    PROX_NEURONS("prox_neurons", in("w0"), in("a0"), i("m"), i("d"), r("lambda"), inout("scratch"),
            i("sortedReady"), i("writeResult"), out("wOut"), out("aOut"), out("objTerms"), out("pathTerms")),
    // projection.cl
    SCALE_PARAMS("scale_params", inout("w"), inout("a"), i("m"), i("d"), r("factor"), i("scaleW")),
    DISTANCE_TERMS("distance_terms", in("w"), in("a"), in("w0"), in("a0"), i("m"), i("d"), out("terms")),
    L1_BALANCE("l1_balance", inout("w"), in("a"), i("m"), i("d"), out("u"), out("rowL1")),
    L1_BALL_THRESHOLD("l1_ball_threshold", in("u"), i("m"), r("radius"), inout("scratch"), out("out")),
    L1_APPLY("l1_apply", in("u"), in("tauBuf"), in("rowL1"), i("m"), inout("a")),
    // ensemble.cl (driven by the OpenCL backend's ensemble loop, not by an Operation)
    ENSEMBLE_GD("ensemble_gd", inout("w"), inout("a"), in("w0"), in("a0"), in("v"), in("b"), in("cfg"), inout("state"),
            out("gradW"), out("rows"), out("pairs"), i("m"), i("k"), i("d"), r("s"), i("steps"));

    private final String source;
    private final List<KernelArg> args;

    Kernel(String source, KernelArg... args) {
        this.source = source;
        this.args = List.of(args);
    }

    /** The entry's name in the .cl source. */
    public String source() {
        return source;
    }

    /** The parameters in source order. */
    public List<KernelArg> args() {
        return args;
    }

    /** The position of the named parameter. */
    public int indexOf(String name) {
        for (int p = 0; p < args.size(); p++) {
            if (args.get(p).name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("kernel " + source + " has no parameter " + name);
    }
}
