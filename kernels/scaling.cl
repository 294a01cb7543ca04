/*
 * scaling.cl: rows rescaled by powers of two, exactly as dev.barron.math.RowScaling: each row u_r
 * is stored as 2^e_r u'_r with the largest |entry| of u'_r in [1/2, 1), so that Gram products,
 * norms and angles are taken on rows of size one for every input from 4.9e-324 to about 1e308
 * (the powers of two are exact; only entries below 2^-1074 relative to their row's largest are
 * lost, far below one rounding of the norm). The evaluation kernels carry the powers on the outer
 * weights (population.cl, by positive homogeneity).
 * Convention: a row is zero only if all its entries are exactly 0 (exponent 0, scaled row zero,
 * norm 0); a row with any nonzero entry, however tiny, is an ordinary row with a direction.
 * A non-finite entry keeps exponent 0 and its value, so the NaN or infinity reaches the result.
 */

/* barron_row_exponent (the power of two of a row) is in reduce.cl, whose step_stats uses it too. */

/*
 * |x| of the row x[0 .. d) from one work-group: the largest |entry| first (pairwise max), then the
 * sum of squares of the entries scaled by 2^-e (no underflow or overflow), then sqrt times 2^e.
 * As LAPACK's dnrm2, but with a power of two, so scaling adds no rounding. Lanes stride over d;
 * every lane must call it (barriers); every lane gets the norm. Writes the scaled row to out
 * (when out is not null) and e to *exponent.
 */
DEVICE_FN real barron_group_row_norm(GLOBAL const real* RESTRICT x, int d, GLOBAL real* RESTRICT out,
                                     int* exponent, int lane, LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    real mx = R(0);
    for (int t = lane; t < d; t += BARRON_GROUP) {
        mx = fmax(mx, fabs(x[t]));
    }
    int e = barron_row_exponent(barron_group_max(bufS, mx, lane, BARRON_GROUP));
    real acc = R(0);
    for (int t = lane; t < d; t += BARRON_GROUP) {
        real y = ldexp(x[t], -e);
        if (out) {
            out[t] = y;
        }
        acc += y * y;
    }
    real total = barron_group_sum(bufS, bufC, acc, R(0), lane, BARRON_GROUP);
    *exponent = e;
    return sqrt(total);
}

/*
 * For rows r = row0 + g of u (row-major, d columns), one work-group of BARRON_GROUP work-items
 * per row (GROUP_ID(0) = g; lanes stride over d, d below the group size leaves lanes idle):
 * us[r] = u[r] 2^-e_r, norms[r] = |us[r]| (in [1/2, sqrt d), 0 for a zero row), exps[r] = e_r
 * (an integer held as a real, exact in float too).
 */
DEVICE_FN void row_scaling_body(GLOBAL const real* RESTRICT u, int row0, int d, GLOBAL real* RESTRICT us,
                                GLOBAL real* RESTRICT norms, GLOBAL real* RESTRICT exps,
                                LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    int r = row0 + GROUP_ID(0);
    int lane = LOCAL_ID(0);
    int e;
    real n = barron_group_row_norm(u + r * d, d, us + r * d, &e, lane, bufS, bufC);
    if (lane == 0) {
        norms[r] = n;
        exps[r] = (real) e;
    }
}

/* Entry point of row_scaling_body (its local memory declared here, as OpenCL C requires). */
KERNEL void row_scaling(GLOBAL const real* RESTRICT u, int row0, int d, GLOBAL real* RESTRICT us,
                        GLOBAL real* RESTRICT norms, GLOBAL real* RESTRICT exps) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    row_scaling_body(u, row0, d, us, norms, exps, bufS, bufC);
}
