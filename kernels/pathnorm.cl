/*
 * pathnorm.cl: per-neuron terms |a_i| |w_i|_1 of the l1 path norm ||theta||_P = s sum_i |a_i| |w_i|_1
 * (docs/MATH.md section 5); sum_reduce adds them and the caller multiplies by s (as dev.barron.math.PathNorms).
 * Work-item i (GLOBAL_ID(0)) owns neuron i and runs over its d weights; items past m do nothing.
 * A zero neuron contributes 0.
 */
DEVICE_FN void path_norm_terms_body(GLOBAL const real* RESTRICT w, GLOBAL const real* RESTRICT a, int m, int d,
                                    GLOBAL real* RESTRICT terms) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real l1 = R(0);
    for (int t = 0; t < d; t++) {
        l1 += fabs(w[i * d + t]);
    }
    terms[i] = fabs(a[i]) * l1;
}

/* The JOCL entry of path_norm_terms_body (kernels/README.md: why every kernel body is a function). */
KERNEL void path_norm_terms(GLOBAL const real* RESTRICT w, GLOBAL const real* RESTRICT a, int m, int d,
                            GLOBAL real* RESTRICT terms) {
    path_norm_terms_body(w, a, m, d, terms);
}
