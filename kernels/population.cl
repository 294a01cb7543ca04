/*
 * population.cl: the closed-form population loss and gradient (docs/MATH.md section 3.1).
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
 *
 * Magnitudes: the kernels see the rows scaled by powers of two (scaling.cl: u_c = 2^e_c u'_c, us
 * holds u'_c, norms |u'_c|, exps e_c) and move the powers onto the outer weights, which positive
 * homogeneity (sigma(c z) = c^p sigma(z)) allows, exactly as dev.barron.backend.cpu's
 * PopulationEvaluator: qh_c = q_c 2^(p e_c), r_c = q_c 2^((p - 1) e_c) (erf: q_c), with the scaled triple
 * of barron_gaussian_kernel_scaled,
 *   L = 1/2 sum qh qh' kappa',  dL/da_i = s 2^(p e_i) sum_c qh_c kappa'_ic,
 *   C[i, c] = r_i qh_c beta'_ic,  rowScale_i = r_i sum_c qh_c alpha'_ic,  gradW = C us + diag(rowScale) us.
 * So a tiny a_i beside a huge w_i enters as qh_i, of the size of the neuron's output: nothing
 * overflows or underflows unless the result itself is outside the range of the real type.
 */

/*
 * Per-pair coefficients and their row sums, on the scaled rows u = us (Gram g of the scaled
 * rows, norms and exps from row_scaling). One work-group of BARRON_GROUP work-items per
 * row r < nr (GROUP_ID(0) = r, global row pr = rowOff + r); lane l takes the columns
 * c = l, l + BARRON_GROUP, ... < nc (global column pc = colOff + c). For each pair it takes
 * the stable angle (Gram cosine g[r * nc + c] where |cos| <= 0.99, else from the rows:
 * theta near 0 or pi), evaluates the scaled kappa', alpha', beta' (zero rows: theta = pi/2 and
 * the conventions of gaussian_kernel.cl), and writes coef[r * nc + c] = r_r qh_c beta'.
 * Lanes accumulate compensated sums of qh_c kappa' (weight 1/2 within a group), qh_c kappa' and
 * qh_c alpha', combined pairwise; lane 0 writes rowLoss[pr], gradA[pr], rowScale[pr].
 * nc below the group size leaves lanes idle (contributing 0, reaching every barrier).
 */
DEVICE_FN void pair_coefficients_body(GLOBAL const real* RESTRICT g, GLOBAL const real* RESTRICT u,
                                      GLOBAL const real* RESTRICT norms, GLOBAL const real* RESTRICT exps,
                                      GLOBAL const real* RESTRICT ab,
                                      int m, real s, int rowOff, int colOff, int nc, int d, int act,
                                      GLOBAL real* RESTRICT coef, GLOBAL real* RESTRICT rowLoss,
                                      GLOBAL real* RESTRICT gradA, GLOBAL real* RESTRICT rowScale,
                                      LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    int r = GROUP_ID(0);
    int lane = LOCAL_ID(0);
    int pr = rowOff + r;
    int p = barron_homogeneity(act);
    int er = (int) exps[pr];
    real q0 = pr < m ? s * ab[pr] : -ab[pr];
    real qr = ldexp(q0, p * er);
    real rr = ldexp(q0, barron_row_shift(act, er));
    real normR = norms[pr];
    real lossS = R(0), lossC = R(0);
    real kapS = R(0), kapC = R(0);
    real alS = R(0), alC = R(0);
    for (int c = lane; c < nc; c += BARRON_GROUP) {
        int pc = colOff + c;
        int ec = (int) exps[pc];
        real qc = ldexp(pc < m ? s * ab[pc] : -ab[pc], p * ec);
        real theta, cs, sn, kappa, alpha, beta;
        barron_stable_angle(g[r * nc + c], normR, norms[pc], u + pr * d, u + pc * d, d, pr == pc, &theta, &cs, &sn);
        barron_gaussian_kernel_scaled(act, normR, er, norms[pc], ec, theta, cs, sn, &kappa, &alpha, &beta);
        coef[r * nc + c] = rr * qc * beta;
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
        gradA[pr] = ldexp(s * kapSum, p * er);
        rowScale[pr] = rr * alSum;
    }
}

/* Entry point of pair_coefficients_body (its local memory declared here, as OpenCL C requires). */
KERNEL void pair_coefficients(GLOBAL const real* RESTRICT g, GLOBAL const real* RESTRICT u,
                              GLOBAL const real* RESTRICT norms, GLOBAL const real* RESTRICT exps,
                              GLOBAL const real* RESTRICT ab,
                              int m, real s, int rowOff, int colOff, int nc, int d, int act,
                              GLOBAL real* RESTRICT coef, GLOBAL real* RESTRICT rowLoss,
                              GLOBAL real* RESTRICT gradA, GLOBAL real* RESTRICT rowScale) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    pair_coefficients_body(g, u, norms, exps, ab, m, s, rowOff, colOff, nc, d, act, coef, rowLoss, gradA, rowScale,
                           bufS, bufC);
}

/*
 * gradW = C U + diag(rowScale) W, C m x nc, U nc x d (W = its first m rows), gradW m x d; U is
 * the scaled rows us, C and rowScale carry the powers of two (pair_coefficients).
 * Each work-item computes its 4 x 4 entries gradW[i, t] through the blocked body of matmul.cl
 * and adds rowScale[i] * W[i, t]. Ragged blocks read zeros and do not store.
 */
DEVICE_FN void gradient_assembly_body(GLOBAL const real* RESTRICT coef, GLOBAL const real* RESTRICT u,
                                      GLOBAL const real* RESTRICT rowScale, int m, int nc, int d,
                                      GLOBAL real* RESTRICT gradW,
                                      LOCAL_PTR real* slabA, LOCAL_PTR real* slabB) {
    real acc[16];
    barron_block_product(coef, nc, 1, u, d, 1, m, d, nc, slabA, slabB, acc);
    for (int p = 0; p < 4; p++) {
        for (int q = 0; q < 4; q++) {
            int i = barron_block_row(p);
            int t = barron_block_col(q);
            if (i < m && t < d) {
                gradW[i * d + t] = acc[4 * p + q] + rowScale[i] * u[i * d + t];
            }
        }
    }
}

/* Entry point of gradient_assembly_body (its local memory declared here, as OpenCL C requires). */
KERNEL void gradient_assembly(GLOBAL const real* RESTRICT coef, GLOBAL const real* RESTRICT u,
                              GLOBAL const real* RESTRICT rowScale, int m, int nc, int d,
                              GLOBAL real* RESTRICT gradW) {
    LOCAL real slabA[BARRON_SLAB_A_SIZE];
    LOCAL real slabB[BARRON_SLAB_B_SIZE];
    gradient_assembly_body(coef, u, rowScale, m, nc, d, gradW, slabA, slabB);
}
