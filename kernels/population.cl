/*
 * population.cl: the closed-form population loss and gradient (MATH.md 3).
 *
 * With U = [W; V] ((m + k) x d, students first) and q = [s a; -b], the loss is
 *   L = 1/2 sum_{c, c'} q_c q_c' kappa(u_c, u_c')
 * and for a student i
 *   dL/da_i     = s sum_c q_c kappa(w_i, u_c)
 *   grad_{w_i} L = q_i sum_c q_c (alpha_ic w_i + beta_ic u_c)
 *              = rowScale_i w_i + sum_c C[i, c] u_c,  C[i, c] = q_i q_c beta_ic,
 *                                                   rowScale_i = q_i sum_c q_c alpha_ic,
 * so the gradient is one matrix product C U plus a row scaling of W (gradient_assembly).
 * The loss is split into per-row parts (student rows against all columns, student-student
 * pairs at weight 1/2; teacher rows against teacher columns at weight 1/2: the constant term)
 * that step_stats sums with compensation.
 */

/*
 * Per-pair coefficients and their row sums. One work-group of BARRON_GROUP work-items per
 * row r < nr (GROUP_ID(0) = r, global row pr = rowOff + r); lane l takes the columns
 * c = l, l + BARRON_GROUP, ... < nc (global column pc = colOff + c). For each pair it takes
 * the stable angle (Gram cosine g[r * nc + c] where |cos| <= 0.99, else from the rows:
 * theta near 0 or pi), evaluates kappa, alpha, beta (zero rows: theta = pi/2 and the
 * conventions of gaussian_kernel.cl), and writes coef[r * nc + c] = q_r q_c beta.
 * Lanes accumulate compensated sums of q_c kappa (weight 1/2 within a group), q_c kappa and
 * q_c alpha, combined pairwise; lane 0 writes rowLoss[pr], gradA[pr], rowScale[pr].
 * nc below the group size leaves lanes idle (contributing 0, reaching every barrier).
 */
KERNEL void pair_coefficients(GLOBAL const real* RESTRICT g, GLOBAL const real* RESTRICT u,
                              GLOBAL const real* RESTRICT norms, GLOBAL const real* RESTRICT ab,
                              int m, real s, int rowOff, int colOff, int nc, int d, int act,
                              GLOBAL real* RESTRICT coef, GLOBAL real* RESTRICT rowLoss,
                              GLOBAL real* RESTRICT gradA, GLOBAL real* RESTRICT rowScale) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    int r = GROUP_ID(0);
    int lane = LOCAL_ID(0);
    int pr = rowOff + r;
    real qr = pr < m ? s * ab[pr] : -ab[pr];
    real normR = norms[pr];
    real lossS = R(0), lossC = R(0);
    real kapS = R(0), kapC = R(0);
    real alS = R(0), alC = R(0);
    for (int c = lane; c < nc; c += BARRON_GROUP) {
        int pc = colOff + c;
        real qc = pc < m ? s * ab[pc] : -ab[pc];
        real theta, cs, sn, kappa, alpha, beta;
        barron_stable_angle(g[r * nc + c], normR, norms[pc], u + pr * d, u + pc * d, d, &theta, &cs, &sn);
        barron_gaussian_kernel(act, normR, norms[pc], theta, cs, sn, &kappa, &alpha, &beta);
        coef[r * nc + c] = qr * qc * beta;
        real pairWeight = ((pr < m) == (pc < m)) ? R(0.5) : R(1);
        barron_kahan_add(&lossS, &lossC, pairWeight * qc * kappa);
        barron_kahan_add(&kapS, &kapC, qc * kappa);
        barron_kahan_add(&alS, &alC, qc * alpha);
    }
    real lossSum = barron_group_sum(bufS, bufC, lossS, lossC, lane, BARRON_GROUP);
    real kapSum = barron_group_sum(bufS, bufC, kapS, kapC, lane, BARRON_GROUP);
    real alSum = barron_group_sum(bufS, bufC, alS, alC, lane, BARRON_GROUP);
    if (lane == 0) {
        rowLoss[pr] = qr * lossSum;
        gradA[pr] = s * kapSum;
        rowScale[pr] = qr * alSum;
    }
}

/*
 * gradW = C U + diag(rowScale) W, C m x nc, U nc x d (W = its first m rows), gradW m x d.
 * Work-item (GLOBAL_ID(1) = i, GLOBAL_ID(0) = t) computes gradW[i, t] through the tiled body
 * of matmul.cl and adds rowScale[i] * W[i, t]. Ragged tiles read zeros and do not store.
 */
KERNEL void gradient_assembly(GLOBAL const real* RESTRICT coef, GLOBAL const real* RESTRICT u,
                              GLOBAL const real* RESTRICT rowScale, int m, int nc, int d,
                              GLOBAL real* RESTRICT gradW) {
    LOCAL real tileA[BARRON_TILE * BARRON_TILE_LD];
    LOCAL real tileB[BARRON_TILE * BARRON_TILE_LD];
    real acc = barron_tile_product(coef, nc, 1, u, d, 1, m, d, nc, tileA, tileB);
    int i = GLOBAL_ID(1);
    int t = GLOBAL_ID(0);
    if (i < m && t < d) {
        gradW[i * d + t] = acc + rowScale[i] * u[i * d + t];
    }
}
