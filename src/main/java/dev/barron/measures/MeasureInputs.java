package dev.barron.measures;

import dev.barron.model.Activation;
import dev.barron.model.Check;
import dev.barron.model.Matrix;
import dev.barron.model.Network;

/**
 * What the measures are computed from: the network, optionally its initialisation (for the
 * distance measures) and optionally data (x: n x d, y: length n, for Fisher-Rao and the
 * output-normalised measures). Checked on construction: the initialisation has the network's
 * shape and scaling, the data its input dimension.
 */
public record MeasureInputs(Network net, Network init, Matrix x, double[] y) {

    public MeasureInputs {
        if (net == null) {
            throw Check.bad("network", "null", "a network is required");
        }
        if (net.activation() != Activation.RELU) {
            throw Check.bad("activation", net.activation().label(), "the measures are defined for relu networks");
        }
        if (init != null && (init.width() != net.width() || init.inputDim() != net.inputDim())) {
            throw Check.bad("W0", "(" + init.width() + ", " + init.inputDim() + ")",
                    "the initialisation must have the shape of W, (" + net.width() + ", " + net.inputDim() + ")");
        }
        if (init != null && init.scaling() != net.scaling()) {
            throw Check.bad("init scaling", init.scaling().label(), "must equal the network's, " + net.scaling().label());
        }
        if ((x == null) != (y == null)) {
            throw Check.bad(x == null ? "X" : "y", "(missing)", "X and y go together; give both or neither");
        }
        if (x != null) {
            if (x.cols() != net.inputDim() || x.rows() < 1) {
                throw Check.bad("X", "(" + x.rows() + ", " + x.cols() + ")", "must be n x d with n >= 1 and d = " + net.inputDim());
            }
            if (y.length != x.rows()) {
                throw Check.bad("y", "(" + y.length + ")", "must have n = " + x.rows() + " entries, one per row of X");
            }
            Check.finite("X", x.data());
            Check.finite("y", y);
        }
    }

    public static MeasureInputs of(Network net) {
        return new MeasureInputs(net, null, null, null);
    }

    public boolean hasInit() {
        return init != null;
    }

    public boolean hasData() {
        return x != null;
    }
}
