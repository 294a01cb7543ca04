package dev.barron.backend.tornado.conventions;

import dev.barron.backend.program.Buf;
import dev.barron.backend.program.Kernel;
import dev.barron.backend.program.KernelArg;
import dev.barron.backend.program.Step;
import dev.barron.backend.tornado.conventions.TornadoEntry.Param.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of the TornadoVM entry tornado_&lt;name&gt; of kernels/tornado_entries.cl for a
 * launch of kernel &lt;name&gt;, after TornadoVM's leading arguments: the one state array, then the
 * kernel's parameters in order, each as TornadoVM passes it (see that file's header). The
 * TornadoVM driver builds its task arguments from this list and KernelSignatureTest checks the
 * entries of the .cl file against it, so the two cannot drift apart.
 */
public final class TornadoEntry {

    /**
     * One entry parameter: its name in the .cl source, its kind, and where its value comes from
     * (the buffer of an offset or an exchange array, the bound value of a scalar).
     */
    public record Param(String name, Kind kind, Buf buf, Step.Value value, KernelArg.Role role) {

        /** What the entry receives. */
        public enum Kind {
            /** The state array (GLOBAL uchar* state). */
            STATE,
            /** The offset of a resident buffer in the state (i64 &lt;name&gt;Off). */
            OFFSET,
            /** A buffer that crosses with every execution, an array of its own (GLOBAL uchar*). */
            EXCHANGE,
            /** The params array, in place of the first scalar that changes between executions. */
            PARAMS,
            /** Any other scalar, as an i64 (a real as its bits). */
            SCALAR;

            /** An array argument (GLOBAL uchar*), else an i64. */
            public boolean isArray() {
                return this == STATE || this == EXCHANGE || this == PARAMS;
            }
        }
    }

    /**
     * The driver's own entries, whose parameters no operation derives: the data movement of the
     * Write, Read and Copy steps, and the device ensemble's; their parameters after TornadoVM's
     * leading arguments, arrays marked with a trailing '*'.
     */
    public enum Own {
        /** state[dstOff + e] = src[e]. */
        COPY_IN("tornado_copy_in", "src*", "state*", "dstOff", "n"),
        /** state[dstOff + e] = state[srcOff + e]. */
        MOVE("tornado_move", "state*", "srcOff", "dstOff", "n"),
        /** out[e] = state[srcOff + e]. */
        GATHER("tornado_gather", "state*", "srcOff", "n", "out*"),
        /** ensemble_gd on the ensemble's buffers in the state (EnsembleHost.bufferSizes, in order). */
        ENSEMBLE_GD("tornado_ensemble_gd", "state*", "wOff", "aOff", "w0Off", "a0Off", "vOff", "bOff", "cfgOff",
                "stateOff", "gradWOff", "rowsOff", "pairsOff", "m", "k", "d", "s", "steps"),
        /** The swaps of EnsembleHost: stopped runs out of their slots, waiting runs in. */
        ENSEMBLE_EXCHANGE("tornado_ensemble_exchange", "state*", "inbox*", "outbox*", "wOff", "aOff", "w0Off",
                "a0Off", "vOff", "bOff", "cfgOff", "stateOff", "m", "k", "d", "entries");

        private final String entry;
        private final List<String> params;

        Own(String entry, String... params) {
            this.entry = entry;
            this.params = List.of(params);
        }

        public String entry() {
            return entry;
        }

        public List<String> params() {
            return params;
        }
    }

    private TornadoEntry() {
    }

    /** The entry's name for a kernel. */
    public static String name(Kernel kernel) {
        return "tornado_" + kernel.source();
    }

    /** The entry's parameters for one launch. */
    public static List<Param> of(Step.Launch launch) {
        List<Param> out = new ArrayList<>();
        out.add(new Param("state", Kind.STATE, null, null, KernelArg.Role.INOUT));
        boolean params = false;
        List<KernelArg> args = launch.kernel().args();
        for (int p = 0; p < args.size(); p++) {
            KernelArg arg = args.get(p);
            Step.Value v = launch.values().get(p);
            if (v instanceof Step.BufValue b) {
                out.add(b.buf().exchange() ? new Param(arg.name(), Kind.EXCHANGE, b.buf(), v, arg.role())
                        : new Param(arg.name() + "Off", Kind.OFFSET, b.buf(), v, KernelArg.Role.IN));
            } else if (v instanceof Step.ParamValue) {
                if (!params) {
                    out.add(new Param("params", Kind.PARAMS, null, v, KernelArg.Role.IN));
                    params = true;
                }
            } else {
                out.add(new Param(arg.name(), Kind.SCALAR, null, v, KernelArg.Role.IN));
            }
        }
        return out;
    }
}
