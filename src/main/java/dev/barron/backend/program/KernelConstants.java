package dev.barron.backend.program;

import dev.barron.math.GaussianKernel;
import dev.barron.math.StableAngle;
import dev.barron.model.Activation;
import dev.barron.model.Precision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers the kernels share with Java, defined here and nowhere else: every driver builds
 * kernels/ with {@link #defines} as -D options and the .cl files define none of them (they stop
 * with #error when one is missing). A code Java passes to a kernel and the code the kernel tests
 * therefore come from the same enum constant; KernelConstantsTest fails when a kernel defines one
 * of these names again or uses a BARRON_ name that no build defines.
 */
public final class KernelConstants {

    private static final Map<String, String> VALUES = collect();

    private KernelConstants() {
    }

    /** The int code of an activation in a kernel's act argument, BARRON_&lt;NAME&gt; in the kernels. */
    public static int activationCode(Activation activation) {
        return activation.ordinal();
    }

    /** Name to value (as C source text) of every shared constant, in a fixed order. */
    public static Map<String, String> values() {
        return VALUES;
    }

    /**
     * The -D definitions (NAME or NAME=value) of one build of the kernels: the real type, the
     * work-group geometry of the device, and every shared constant.
     */
    public static List<String> defines(Precision precision, KernelGeometry g) {
        List<String> d = new ArrayList<>();
        if (precision == Precision.F64) {
            d.add("REAL_IS_DOUBLE");
        }
        d.addAll(List.of("BARRON_TILE=" + g.tile(), "BARRON_GROUP=" + g.group(), "BARRON_REDUCE=" + g.reduce()));
        VALUES.forEach((name, value) -> d.add(name + "=" + value));
        return d;
    }

    /** Definitions as OpenCL compiler options, " -DNAME=value" each. */
    public static String options(List<String> defines) {
        StringBuilder sb = new StringBuilder();
        for (String d : defines) {
            sb.append(" -D").append(d);
        }
        return sb.toString();
    }

    private static Map<String, String> collect() {
        Map<String, String> v = new LinkedHashMap<>();
        for (Activation a : Activation.values()) {
            v.put("BARRON_" + a.name(), Integer.toString(activationCode(a)));
        }
        for (ParamSlot p : ParamSlot.values()) {
            v.put("BARRON_PARAM_" + p.name(), Integer.toString(p.slot()));
        }
        for (EnsembleLayout.Config c : EnsembleLayout.Config.values()) {
            v.put("BARRON_ENS_CFG_" + c.name(), Integer.toString(c.ordinal()));
        }
        v.put("BARRON_ENS_CFG_SIZE", Integer.toString(EnsembleLayout.Config.SIZE));
        for (EnsembleLayout.State st : EnsembleLayout.State.values()) {
            v.put("BARRON_ENS_ST_" + st.name(), Integer.toString(st.ordinal()));
        }
        v.put("BARRON_ENS_ST_SIZE", Integer.toString(EnsembleLayout.State.SIZE));
        for (EnsembleLayout.Status st : EnsembleLayout.Status.values()) {
            v.put("BARRON_ENS_" + st.name(), Integer.toString(st.code()));
        }
        // reals as Java prints them: the shortest text that reads back as the same double
        v.put("BARRON_GRAM_COS_LIMIT", Double.toString(StableAngle.GRAM_COS_LIMIT));
        v.put("BARRON_STEP_SIN_FLOOR_F64", Double.toString(GaussianKernel.STEP_SIN_FLOOR));
        v.put("BARRON_ENS_NORM_LOW", Double.toString(EnsembleLayout.LOW));
        v.put("BARRON_ENS_LOCAL_REALS", Integer.toString(EnsembleLayout.LOCAL_REALS));
        v.put("BARRON_ENS_NORM_HIGH", Double.toString(EnsembleLayout.HIGH));
        return Collections.unmodifiableMap(v);
    }
}
