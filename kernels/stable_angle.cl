/*
 * stable_angle.cl: the angle between two rows, exactly as dev.barron.math.StableAngle documents.
 *
 * The Gram cosine c = dot / (|p| |q|) (clamped to [-1, 1]) is used where |c| <= 0.99, where
 * acos keeps about 1e-15; nearly (anti)parallel pairs (theta near 0 or pi, where training
 * converges) take 2 atan2(|u - e|, |u + e|) from the rows themselves, O(d) per such pair.
 * A zero row gives theta = pi/2 (the relu'(0) = 1/2 convention of docs/MATH.md section 2.2); the self pair (a row
 * with itself, isSelf != 0) is exactly theta = 0, cos = 1, sin = 0, as the CPU reference has it.
 * Outputs theta in [0, pi], cos theta, and sin theta >= 0.
 */

/* StableAngle.GRAM_COS_LIMIT, defined by the build (dev.barron.backend.program.KernelConstants). */
#ifndef BARRON_GRAM_COS_LIMIT
#error "build with the -D options of dev.barron.backend.program.KernelConstants (BARRON_GRAM_COS_LIMIT)"
#endif

/*
 * The angle where the Gram cosine serves (the self pair, a zero row, |c| <= the limit): returns
 * 1 with the outputs set, or 0 where the rows themselves must give it (barron_angle_from_sums).
 */
DEVICE_FN int barron_gram_angle(real dot, real normP, real normQ, int isSelf, real* theta, real* cosTheta,
                                real* sinTheta) {
    if (isSelf) {
        *theta = R(0);
        *cosTheta = R(1);
        *sinTheta = R(0);
        return 1;
    }
    if (normP == R(0) || normQ == R(0)) {
        *theta = R(0.5) * BARRON_PI;
        *cosTheta = R(0);
        *sinTheta = R(1);
        return 1;
    }
    real c = fmin(R(1), fmax(R(-1), dot / (normP * normQ)));
    if (fabs(c) <= R(BARRON_GRAM_COS_LIMIT)) {
        real sn = sqrt((R(1) - c) * (R(1) + c));
        *theta = atan2(sn, c);    /* = acos c to an ulp or two, the form StableAngle.fromGram uses */
        *cosTheta = c;
        *sinTheta = sn;
        return 1;
    }
    return 0;
}

/* The direct form from diff = |u - e|^2 and sum = |u + e|^2 of the unit rows u, e. */
DEVICE_FN void barron_angle_from_sums(real diff, real sum, real* theta, real* cosTheta, real* sinTheta) {
    real th = R(2) * atan2(sqrt(diff), sqrt(sum));
    *theta = th;
    *cosTheta = cos(th);
    *sinTheta = sin(th);
}

/*
 * The direct form from the rows themselves, as a macro so that rows in any address space take
 * the same arithmetic (ensemble_steps.cl has them in local memory too).
 */
#define BARRON_DIRECT_ANGLE(rowP, rowQ, normP, normQ, d, theta, cosTheta, sinTheta) do { \
        real ip_ = R(1) / (normP); \
        real iq_ = R(1) / (normQ); \
        real diff_ = R(0); \
        real sum_ = R(0); \
        for (int t_ = 0; t_ < (d); t_++) { \
            real u_ = (rowP)[t_] * ip_; \
            real e_ = (rowQ)[t_] * iq_; \
            diff_ += (u_ - e_) * (u_ - e_); \
            sum_ += (u_ + e_) * (u_ + e_); \
        } \
        barron_angle_from_sums(diff_, sum_, theta, cosTheta, sinTheta); \
    } while (0)

DEVICE_FN void barron_stable_angle(real dot, real normP, real normQ, GLOBAL const real* RESTRICT rowP,
                                   GLOBAL const real* RESTRICT rowQ, int d, int isSelf,
                                   real* theta, real* cosTheta, real* sinTheta) {
    if (barron_gram_angle(dot, normP, normQ, isSelf, theta, cosTheta, sinTheta)) {
        return;
    }
    BARRON_DIRECT_ANGLE(rowP, rowQ, normP, normQ, d, theta, cosTheta, sinTheta);
}
