/*
 * gaussian_kernel.cl: kappa(w, v) = E[sigma(w.x) sigma(v.x)], x ~ N(0, I), and the coefficients
 * of its gradient grad_w kappa = alpha w + beta v, per pair, exactly as
 * dev.barron.math.GaussianKernel.evaluate (same branches, same edge conventions):
 *   relu, w = 0:  theta = pi/2 gives alpha = 0, beta = 1/4 (g(0, v) = v / 4);
 *   step:         kappa(0, v) = 0; gradient 0 where sin theta < 1e-12 (theta at 0 or pi);
 *   v = 0:        kappa = alpha = beta = 0 for every activation.
 * The self pair is theta = 0, cos = 1, sin = 0, whose (alpha + beta) w is the partial
 * derivative in the first argument.
 */

/*
 * Below this sin(theta) the step gradient is 0, as GaussianKernel.STEP_SIN_FLOOR (1e-12, passed
 * by the build as BARRON_STEP_SIN_FLOOR_F64): sin(pi) is 1.2e-16 in double, not 0. In float,
 * sin((float) pi) is -8.7e-8, so the floor is 1e-6 there (a kernel-only number): the direction
 * of alpha w + beta v carries a relative error of eps / sin anyway.
 */
#ifndef BARRON_STEP_SIN_FLOOR_F64
#error "build with the -D options of dev.barron.backend.program.KernelConstants (BARRON_STEP_SIN_FLOOR_F64)"
#endif
#ifdef REAL_IS_DOUBLE
#define BARRON_STEP_SIN_FLOOR R(BARRON_STEP_SIN_FLOOR_F64)
#else
#define BARRON_STEP_SIN_FLOOR R(1e-6)
#endif

DEVICE_FN void barron_gaussian_kernel(int act, real normW, real normV, real theta, real c, real s,
                                      real* kappa, real* alpha, real* beta) {
    if (normV == R(0)) {
        *kappa = R(0);
        *alpha = R(0);
        *beta = R(0);
        return;
    }
    if (act == BARRON_RELU) {
        real piMinus = BARRON_PI - theta;
        *kappa = normW * normV * (s + piMinus * c) * BARRON_INV_2PI;
        *alpha = normW == R(0) ? R(0) : normV * s * BARRON_INV_2PI / normW;
        *beta = piMinus * BARRON_INV_2PI;
    } else if (act == BARRON_STEP) {
        if (normW == R(0)) {
            *kappa = R(0);
            *alpha = R(0);
            *beta = R(0);
        } else {
            *kappa = (BARRON_PI - theta) * BARRON_INV_2PI;
            if (s < BARRON_STEP_SIN_FLOOR) {
                *alpha = R(0);
                *beta = R(0);
            } else {
                *alpha = -c * BARRON_INV_2PI / (s * normW * normW);
                *beta = BARRON_INV_2PI / (s * normW * normV);
            }
        }
    } else if (act == BARRON_ERF) {
        real aw = R(1) + normW * normW;
        real av = R(1) + normV * normV;
        real root = sqrt(aw * av);
        real z = normW * normV * c / root;
        real q = sqrt((R(1) - z) * (R(1) + z));
        *kappa = BARRON_TWO_OVER_PI * atan2(z, q);   /* asin z, as GaussianKernel writes it */
        *alpha = -BARRON_TWO_OVER_PI * z / (aw * q);
        *beta = BARRON_TWO_OVER_PI / (root * q);
    } else {
        real piMinus = BARRON_PI - theta;
        real j1 = s + piMinus * c;
        real j2 = R(3) * s * c + piMinus * (R(1) + R(2) * c * c);
        real vv = normV * normV;
        *kappa = normW * normW * vv * j2 * BARRON_INV_2PI;
        *alpha = vv * (R(2) * j2 - R(4) * c * j1) * BARRON_INV_2PI;
        *beta = R(4) * normW * normV * j1 * BARRON_INV_2PI;
    }
}

/*
 * The degree p of positive homogeneity, sigma(c z) = c^p sigma(z) for c > 0, as
 * GaussianKernel.degree: 1 (relu), 2 (relu^2), 0 (step; erf, not homogeneous, whose scaled form
 * below satisfies the identities with p = 0).
 */
DEVICE_FN int barron_homogeneity(int act) {
    return act == BARRON_RELU ? 1 : (act == BARRON_RELU2 ? 2 : 0);
}

/*
 * The power of two on a row's gradient factor r = q 2^barron_row_shift (population.cl), as
 * GaussianKernel.rowExponent: (p - 1) e for the homogeneous activations, 0 for erf (whose gradient
 * is bounded: its powers of two live in its scaled triple below).
 */
DEVICE_FN int barron_row_shift(int act, int e) {
    return act == BARRON_ERF ? 0 : (barron_homogeneity(act) - 1) * e;
}

/*
 * The triple of the pair (w, v) = (2^ew w', 2^ev v') from the norms of the scaled rows (scaling.cl),
 * as GaussianKernel.evaluateScaled. relu, relu^2 and step are barron_gaussian_kernel at the scaled
 * norms (homogeneity: kappa = 2^(p (ew + ev)) kappa', alpha = 2^(p ev + (p - 2) ew) alpha',
 * beta = 2^((p - 1)(ew + ev)) beta'). erf is written in A = 2^(-2e) + |w'|^2 = (1 + |w|^2) 2^(-2e):
 * kappa itself, alpha' = alpha 2^ew, beta' = beta 2^ev, which neither overflow nor give a NaN for
 * any representable rows.
 */
DEVICE_FN void barron_gaussian_kernel_scaled(int act, real normW, int expW, real normV, int expV, real theta,
                                             real c, real s, real* kappa, real* alpha, real* beta) {
    if (act != BARRON_ERF || normV == R(0)) {
        barron_gaussian_kernel(act, normW, normV, theta, c, s, kappa, alpha, beta);
        return;
    }
    real aw = ldexp(R(1), -2 * expW) + normW * normW;
    real av = ldexp(R(1), -2 * expV) + normV * normV;
    real z = c * (normW / sqrt(aw)) * (normV / sqrt(av));
    real q = sqrt((R(1) - z) * (R(1) + z));
    *kappa = BARRON_TWO_OVER_PI * atan2(z, q);
    *alpha = -BARRON_TWO_OVER_PI * z / ((ldexp(R(1), -expW) + ldexp(normW * normW, expW)) * q);
    *beta = BARRON_TWO_OVER_PI / (hypot(R(1), ldexp(normW, expW)) * sqrt(av) * q);
}
