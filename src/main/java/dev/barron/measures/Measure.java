package dev.barron.measures;

/**
 * The complexity measures Barron computes for a two-layer network f(x) = A_2 sigma(A_1 x), with
 * the layer matrices A_1 = W (m x d) and A_2 = s a^T (1 x m), so that each measure is one of the
 * function the network computes whatever its scaling s (docs/MATH.md section 10). A0 are the
 * layers at initialisation; gamma is the root-mean-square output on the data given.
 */
public enum Measure {
    PARAMS("params", Needs.NOTHING, "number of parameters m d + m"),
    FROBENIUS("frobenius", Needs.NOTHING, "sum_l ||A_l||_F^2 = ||W||_F^2 + s^2 ||a||^2"),
    DIST_INIT("dist_init", Needs.INIT, "sum_l ||A_l - A0_l||_F^2 = ||W - W0||_F^2 + s^2 ||a - a0||^2"),
    SPECTRAL_BFT("spectral_bft", Needs.NOTHING,
            "Bartlett-Foster-Telgarsky, M_l = 0: prod_l ||A_l||_2 * (sum_l (||A_l^T||_{2,1} / ||A_l||_2)^(2/3))^(3/2)"),
    SPECTRAL_BFT_INIT("spectral_bft_init", Needs.INIT,
            "Bartlett-Foster-Telgarsky, M_l = A0_l: prod_l ||A_l||_2 * (sum_l (||A_l^T - A0_l^T||_{2,1} / ||A_l||_2)^(2/3))^(3/2)"),
    SPEC_ORIG("spec_orig", Needs.NOTHING, "Jiang et al. spec-orig: prod_l ||A_l||_2^2 * sum_l ||A_l||_F^2 / ||A_l||_2^2"),
    SPEC_INIT("spec_init", Needs.INIT, "Jiang et al. spec-init: prod_l ||A_l||_2^2 * sum_l ||A_l - A0_l||_F^2 / ||A_l||_2^2"),
    PATH_L2("path_l2", Needs.NOTHING, "Neyshabur et al. l2 path norm (squared): sum over paths of the product of squared weights = s^2 sum_i a_i^2 ||w_i||_2^2"),
    PATH_L1("path_l1", Needs.NOTHING, "Barron-space l1 path norm: s sum_i |a_i| ||w_i||_1"),
    FISHER_RAO("fisher_rao", Needs.DATA, "Fisher-Rao (Liang et al.; Jiang et al.): (L+1)^2 / n sum_r <theta, grad_theta l(f(x_r), y_r)>^2, L + 1 = 2, l = (f - y)^2 / 2"),
    SPECTRAL_BFT_OUT("spectral_bft_over_gamma", Needs.DATA, "spectral_bft / gamma (the bound's R_A / margin, margin -> RMS output)"),
    SPEC_ORIG_OUT("spec_orig_over_gamma2", Needs.DATA, "spec_orig / gamma^2 (Jiang et al.'s margin-normalised form, margin -> RMS output)"),
    SPEC_INIT_OUT("spec_init_over_gamma2", Needs.INIT_AND_DATA, "spec_init / gamma^2 (Jiang et al.'s margin-normalised form, margin -> RMS output)"),
    PATH_L2_OUT("path_l2_over_gamma2", Needs.DATA, "path_l2 / gamma^2 (Jiang et al.'s path.norm/margin, margin -> RMS output)"),
    PATH_L1_OUT("path_l1_over_gamma", Needs.DATA, "path_l1 / gamma (scale-free: both are 1-homogeneous in the output)");

    /** What a measure needs besides the network. */
    public enum Needs {
        NOTHING, INIT, DATA, INIT_AND_DATA;

        public boolean init() {
            return this == INIT || this == INIT_AND_DATA;
        }

        public boolean data() {
            return this == DATA || this == INIT_AND_DATA;
        }
    }

    private final String key;
    private final Needs needs;
    private final String definition;

    Measure(String key, Needs needs, String definition) {
        this.key = key;
        this.needs = needs;
        this.definition = definition;
    }

    public String key() {
        return key;
    }

    public Needs needs() {
        return needs;
    }

    public String definition() {
        return definition;
    }

    /** Whether it can be computed with what is given. */
    public boolean available(boolean haveInit, boolean haveData) {
        return (!needs.init() || haveInit) && (!needs.data() || haveData);
    }
}
