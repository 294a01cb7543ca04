/*
 * update.cl: row norms and the gradient-descent update, fused with the norms the next
 * evaluation's angles need.
 */

/*
 * norms[r] = |u_r| for rows r = row0 + g of u (row-major, d columns): one work-group of
 * BARRON_GROUP work-items per row (GROUP_ID(0) = g), lanes stride over d (d below the group size
 * leaves lanes idle), pairwise combination. Scaled by the power of two of the row's largest
 * entry (scaling.cl): a gradient row of size 1e-200 has a norm of 1e-200, not 0 (which would stop
 * a run as converged), and one of 1e200 is finite. A zero row gives 0.
 */
DEVICE_FN void row_norms_body(GLOBAL const real* RESTRICT u, int row0, int d, GLOBAL real* RESTRICT norms,
                              LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    int r = row0 + GROUP_ID(0);
    int lane = LOCAL_ID(0);
    int e;
    real n = barron_group_row_norm(u + r * d, d, 0, &e, lane, bufS, bufC);
    if (lane == 0) {
        norms[r] = ldexp(n, e);
    }
}

/* Entry point of row_norms_body (its local memory declared here, as OpenCL C requires). */
KERNEL void row_norms(GLOBAL const real* RESTRICT u, int row0, int d, GLOBAL real* RESTRICT norms) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    row_norms_body(u, row0, d, norms, bufS, bufC);
}

/*
 * One GD step, fused: w_i -= lr gradW_i, and (when trainOuter) a_i -= lr gradA_i, and the new
 * |w_i| into norms[i] (unscaled; the population evaluation starts with row_scaling, which
 * rewrites norms in the scaled form it needs).
 * One work-group of BARRON_GROUP work-items per student row i (GROUP_ID(0) = i); lanes stride
 * over d (d below the group size leaves lanes idle); lane 0 updates a_i and writes the norm.
 */
DEVICE_FN void gd_update_body(GLOBAL real* RESTRICT w, GLOBAL const real* RESTRICT gradW, GLOBAL real* RESTRICT a,
                              GLOBAL const real* RESTRICT gradA, int d, real lr, int trainOuter,
                              GLOBAL real* RESTRICT norms,
                              LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    int i = GROUP_ID(0);
    int lane = LOCAL_ID(0);
    real acc = R(0);
    for (int t = lane; t < d; t += BARRON_GROUP) {
        real x = w[i * d + t] - lr * gradW[i * d + t];
        w[i * d + t] = x;
        acc += x * x;
    }
    real total = barron_group_sum(bufS, bufC, acc, R(0), lane, BARRON_GROUP);
    if (lane == 0) {
        norms[i] = sqrt(total);
        if (trainOuter) {
            a[i] -= lr * gradA[i];
        }
    }
}

/* Entry point of gd_update_body (its local memory declared here, as OpenCL C requires). */
KERNEL void gd_update(GLOBAL real* RESTRICT w, GLOBAL const real* RESTRICT gradW, GLOBAL real* RESTRICT a,
                      GLOBAL const real* RESTRICT gradA, int d, real lr, int trainOuter,
                      GLOBAL real* RESTRICT norms) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    gd_update_body(w, gradW, a, gradA, d, lr, trainOuter, norms, bufS, bufC);
}
