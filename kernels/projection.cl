/*
 * projection.cl: the pieces of the projections onto {||theta||_P <= R} (docs/MATH.md section 5.2) that are
 * not the prox: scaling, the distance moved, and the l1-outer projection (balance each neuron
 * to |w_i|_1 = 1, then project u_i = a_i |w_i|_1 onto the l1 ball of radius R / s).
 */

/*
 * a *= factor and, when scaleW, W *= factor: work-item e (GLOBAL_ID(0)) scales W's entry e
 * (e < m d) and, for e < m, a_e. Items past max(m d, m) do nothing.
 */
DEVICE_FN void scale_params_body(GLOBAL real* RESTRICT w, GLOBAL real* RESTRICT a, int m, int d, real factor,
                                 int scaleW) {
    int e = GLOBAL_ID(0);
    if (scaleW && e < m * d) {
        w[e] *= factor;
    }
    if (e < m) {
        a[e] *= factor;
    }
}

/* The JOCL entry of scale_params_body (kernels/README.md: why every kernel body is a function). */
KERNEL void scale_params(GLOBAL real* RESTRICT w, GLOBAL real* RESTRICT a, int m, int d, real factor, int scaleW) {
    scale_params_body(w, a, m, d, factor, scaleW);
}

/*
 * terms[i] = sqrt(|w_i - w0_i|^2 + (a_i - a0_i)^2), the distance neuron i moved: work-item i
 * (GLOBAL_ID(0)) per neuron; items past m do nothing. norm_reduce then gives the distance.
 * Scaled by the power of two of the largest difference (two passes over the row), so that moves
 * of 1e-200 or 1e200 are measured, not squared to 0 or infinity.
 */
DEVICE_FN void distance_terms_body(GLOBAL const real* RESTRICT w, GLOBAL const real* RESTRICT a,
                                   GLOBAL const real* RESTRICT w0, GLOBAL const real* RESTRICT a0, int m, int d,
                                   GLOBAL real* RESTRICT terms) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real mx = fabs(a[i] - a0[i]);
    for (int t = 0; t < d; t++) {
        mx = fmax(mx, fabs(w[i * d + t] - w0[i * d + t]));
    }
    int e = barron_row_exponent(mx);
    real da = ldexp(a[i] - a0[i], -e);
    real acc = da * da;
    for (int t = 0; t < d; t++) {
        real x = ldexp(w[i * d + t] - w0[i * d + t], -e);
        acc += x * x;
    }
    terms[i] = ldexp(sqrt(acc), e);
}

/* The JOCL entry of distance_terms_body (kernels/README.md: why every kernel body is a function). */
KERNEL void distance_terms(GLOBAL const real* RESTRICT w, GLOBAL const real* RESTRICT a,
                           GLOBAL const real* RESTRICT w0, GLOBAL const real* RESTRICT a0, int m, int d,
                           GLOBAL real* RESTRICT terms) {
    distance_terms_body(w, a, w0, a0, m, d, terms);
}

/*
 * Balancing: work-item i (GLOBAL_ID(0)) sets u[i] = a_i |w_i|_1, rowL1[i] = |w_i|_1 and
 * w_i /= |w_i|_1 in place. A zero neuron (|w_i|_1 = 0) gets u[i] = 0 and stays as it is
 * (it carries no path norm). Items past m do nothing.
 */
DEVICE_FN void l1_balance_body(GLOBAL real* RESTRICT w, GLOBAL const real* RESTRICT a, int m, int d,
                               GLOBAL real* RESTRICT u, GLOBAL real* RESTRICT rowL1) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real l1 = R(0);
    for (int t = 0; t < d; t++) {
        l1 += fabs(w[i * d + t]);
    }
    rowL1[i] = l1;
    if (l1 > R(0)) {
        for (int t = 0; t < d; t++) {
            w[i * d + t] /= l1;
        }
    }
    u[i] = l1 > R(0) ? a[i] * l1 : R(0);
}

/* The JOCL entry of l1_balance_body (kernels/README.md: why every kernel body is a function). */
KERNEL void l1_balance(GLOBAL real* RESTRICT w, GLOBAL const real* RESTRICT a, int m, int d,
                       GLOBAL real* RESTRICT u, GLOBAL real* RESTRICT rowL1) {
    l1_balance_body(w, a, m, d, u, rowL1);
}

/*
 * The soft threshold tau of the l1-ball projection of u (length m) onto radius: one
 * work-item (launch with global size 1). If sum |u_i| <= radius, tau = 0. Otherwise |u| is
 * sorted decreasing into scratch (length m), rho = the last j with
 * sorted_j > (S_j - radius) / j, and tau = (S_rho - radius) / rho (radius = 0: tau = max |u_i|),
 * as dev.barron.math.L1BallProjection. Writes tau to out[0].
 */
DEVICE_FN void l1_ball_threshold_body(GLOBAL const real* RESTRICT u, int m, real radius,
                                      GLOBAL real* RESTRICT scratch, GLOBAL real* RESTRICT out) {
    if (GLOBAL_ID(0) != 0) {
        return;
    }
    real total = R(0);
    for (int i = 0; i < m; i++) {
        scratch[i] = fabs(u[i]);
        total += scratch[i];
    }
    if (total <= radius) {
        out[0] = R(0);
        return;
    }
    barron_sort_decreasing(scratch, m);
    if (radius == R(0)) {
        out[0] = scratch[0];      /* every |u_i| shrinks to 0 */
        return;
    }
    real cum = R(0);
    real tau = R(0);
    for (int j = 1; j <= m; j++) {
        cum += scratch[j - 1];
        real t = (cum - radius) / (real) j;
        if (!(scratch[j - 1] - t > R(0))) {
            break;
        }
        tau = t;
    }
    out[0] = tau;
}

/* The JOCL entry of l1_ball_threshold_body (kernels/README.md: why every kernel body is a function). */
KERNEL void l1_ball_threshold(GLOBAL const real* RESTRICT u, int m, real radius,
                              GLOBAL real* RESTRICT scratch, GLOBAL real* RESTRICT out) {
    l1_ball_threshold_body(u, m, radius, scratch, out);
}

/*
 * a_i = sign(u_i) max(|u_i| - tau, 0) for the neurons with rowL1[i] > 0 (zero neurons keep
 * their a_i): work-item i (GLOBAL_ID(0)); tau read from tauBuf[0]; items past m do nothing.
 */
DEVICE_FN void l1_apply_body(GLOBAL const real* RESTRICT u, GLOBAL const real* RESTRICT tauBuf,
                             GLOBAL const real* RESTRICT rowL1, int m, GLOBAL real* RESTRICT a) {
    int i = GLOBAL_ID(0);
    if (i >= m || !(rowL1[i] > R(0))) {
        return;
    }
    real mag = fabs(u[i]) - tauBuf[0];
    a[i] = mag > R(0) ? (u[i] < R(0) ? -mag : mag) : R(0);
}

/* The JOCL entry of l1_apply_body (kernels/README.md: why every kernel body is a function). */
KERNEL void l1_apply(GLOBAL const real* RESTRICT u, GLOBAL const real* RESTRICT tauBuf,
                     GLOBAL const real* RESTRICT rowL1, int m, GLOBAL real* RESTRICT a) {
    l1_apply_body(u, tauBuf, rowL1, m, a);
}
