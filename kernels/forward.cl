/*
 * forward.cl: the batched forward pass f(x_r) = s * sum_i a_i sigma(<w_i, x_r>).
 */

/*
 * Hidden layer of a batch: H = sigma(X W^T), X n x d, W m x d, H n x m (row-major).
 * Work-item (GLOBAL_ID(1) = r, GLOBAL_ID(0) = i) computes the pre-activation z = <x_r, w_i>
 * through the tiled body of matmul.cl (X and W both read along d, the unit stride), then
 *   H[r, i] = sigma(z)  and, when wantDerivative, D[r, i] = s * a_i * sigma'(z)
 * (the back-propagation factor of the empirical gradient; D may be any buffer otherwise).
 * act: 0 relu, 1 step, 2 erf, 3 relu^2. Ragged tiles (n, m, d not multiples of the tile,
 * d = 1, m = 1) read zeros and do not store.
 */
KERNEL void hidden_layer(GLOBAL const real* RESTRICT x, GLOBAL const real* RESTRICT w,
                         GLOBAL const real* RESTRICT a, real s, int n, int m, int d, int act,
                         GLOBAL real* RESTRICT h, GLOBAL real* RESTRICT deriv, int wantDerivative) {
    LOCAL real tileA[BARRON_TILE * BARRON_TILE_LD];
    LOCAL real tileB[BARRON_TILE * BARRON_TILE_LD];
    real z = barron_tile_product(x, d, 1, w, 1, d, n, m, d, tileA, tileB);
    int r = GLOBAL_ID(1);
    int i = GLOBAL_ID(0);
    if (r < n && i < m) {
        h[r * m + i] = barron_activation(z, act);
        if (wantDerivative) {
            deriv[r * m + i] = s * a[i] * barron_activation_derivative(z, act);
        }
    }
}

/*
 * Output layer: one work-group of BARRON_GROUP work-items per sample r (GROUP_ID(0) = r);
 * lane l sums a_i H[r, i] over i = l, l + BARRON_GROUP, ... (compensated), the group combines
 * the lanes pairwise, and lane 0 writes
 *   out[r] = s * sum_i a_i H[r, i] - (hasTarget ? y[r] : 0)
 * and, when hasTarget, lossParts[r] = out[r]^2 * lossScale (lossScale = 1 / (2n)).
 * m smaller than the group leaves lanes idle (they contribute 0 and still reach the barriers).
 */
KERNEL void output_layer(GLOBAL const real* RESTRICT h, GLOBAL const real* RESTRICT a, real s, int n, int m,
                         GLOBAL const real* RESTRICT y, int hasTarget, real lossScale,
                         GLOBAL real* RESTRICT out, GLOBAL real* RESTRICT lossParts) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    int r = GROUP_ID(0);
    int lane = LOCAL_ID(0);
    real acc = R(0);
    real comp = R(0);
    for (int i = lane; i < m; i += BARRON_GROUP) {
        barron_kahan_add(&acc, &comp, a[i] * h[r * m + i]);
    }
    real total = barron_group_sum(bufS, bufC, acc, comp, lane, BARRON_GROUP);
    if (lane == 0) {
        real f = s * total;
        if (hasTarget) {
            real e = f - y[r];
            out[r] = e;
            lossParts[r] = e * e * lossScale;
        } else {
            out[r] = f;
        }
    }
}
