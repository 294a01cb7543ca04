/*
 * empirical.cl: the back-propagation steps of the empirical loss L_n = 1/(2n) sum_r e_r^2,
 * e = s H a - y (docs/MATH.md section 4), after hidden_layer (H and D = s a_i sigma') and output_layer (e):
 *   dL/dW = P^T X with P[r, i] = D[r, i] e_r / n   (matmul_strided reads P transposed)
 *   dL/da = s H^T e / n
 */

/*
 * P = D .* (e 1^T) / n in place: work-item (GLOBAL_ID(1) = r, GLOBAL_ID(0) = i) scales
 * D[r, i] by e_r * invN. Items past n or m (the rounded-up global size) do nothing.
 */
DEVICE_FN void backprop_scale_body(GLOBAL real* RESTRICT deriv, GLOBAL const real* RESTRICT e, int n, int m,
                                   real invN) {
    int r = GLOBAL_ID(1);
    int i = GLOBAL_ID(0);
    if (r < n && i < m) {
        deriv[r * m + i] *= e[r] * invN;
    }
}

/* The JOCL entry of backprop_scale_body (kernels/README.md: why every kernel body is a function). */
KERNEL void backprop_scale(GLOBAL real* RESTRICT deriv, GLOBAL const real* RESTRICT e, int n, int m, real invN) {
    backprop_scale_body(deriv, e, n, m, invN);
}

/*
 * dL/da_i = s / n * sum_r H[r, i] e_r: work-item i (GLOBAL_ID(0)) runs down column i,
 * compensated; neighbouring items read neighbouring addresses of each row. Items past m idle.
 */
DEVICE_FN void outer_gradient_body(GLOBAL const real* RESTRICT h, GLOBAL const real* RESTRICT e, int n, int m,
                                   real scale, GLOBAL real* RESTRICT gradA) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real acc = R(0);
    real comp = R(0);
    for (int r = 0; r < n; r++) {
        barron_kahan_add(&acc, &comp, h[r * m + i] * e[r]);
    }
    gradA[i] = scale * (acc + comp);
}

/* The JOCL entry of outer_gradient_body (kernels/README.md: why every kernel body is a function). */
KERNEL void outer_gradient(GLOBAL const real* RESTRICT h, GLOBAL const real* RESTRICT e, int n, int m,
                           real scale, GLOBAL real* RESTRICT gradA) {
    outer_gradient_body(h, e, n, m, scale, gradA);
}
