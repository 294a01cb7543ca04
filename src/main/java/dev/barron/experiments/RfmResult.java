package dev.barron.experiments;

/**
 * What one random-features (or network) fit found. Risks without the factor 1/2.
 *
 * @param excessRisk  ||f_hat - f*||^2 under N(0, I_d), exact (closed form)
 * @param trainRisk   (1/n) sum_r (f_hat(x_r) - y_r)^2
 * @param lambda      the lambda fitted with (NaN for the network)
 * @param norm        ||a||_{L^p(mu_m)} (NaN for the network)
 * @param pathNorm    the path norm of f_hat
 * @param active      coefficients a_j != 0 (the network: its width)
 * @param solver      cholesky, svd, fista, fista-budget (iteration budget spent), projected-gd
 * @param iterations  FISTA iterations summed over the fits of a selection, or the network's steps
 * @param wallSeconds the whole fit, sampling, selection and evaluation included
 */
public record RfmResult(double excessRisk, double trainRisk, double lambda, double norm, double pathNorm, int active,
                        String solver, long iterations, double wallSeconds) {

    /** The labels of {@link #solver}. */
    public static final java.util.List<String> SOLVERS = java.util.List.of("cholesky", "svd", "fista", "fista-budget",
            "projected-gd");
}
