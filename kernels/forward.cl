/*
 * forward.cl: the batched forward pass f(x_r) = s * sum_i a_i sigma(<w_i, x_r>).
 */

/*
 * Hidden layer of a batch: H = sigma(X W^T), X n x d, W m x d, H n x m (row-major).
 * Each work-item computes the pre-activations z = <x_r, w_i> of its 4 x 4 entries through the
 * blocked body of matmul.cl (X and W both read along d, the unit stride), then
 *   H[r, i] = sigma(z)  and, when wantDerivative, D[r, i] = s * a_i * sigma'(z)
 * (the back-propagation factor of the empirical gradient; D may be any buffer otherwise).
 * act: 0 relu, 1 step, 2 erf, 3 relu^2. Ragged blocks (n, m, d not multiples of the block,
 * d = 1, m = 1) read zeros and do not store.
 */
DEVICE_FN void hidden_layer_body(GLOBAL const real* RESTRICT x, GLOBAL const real* RESTRICT w,
                                 GLOBAL const real* RESTRICT a, real s, int n, int m, int d, int act,
                                 GLOBAL real* RESTRICT h, GLOBAL real* RESTRICT deriv, int wantDerivative,
                                 LOCAL_PTR real* slabA, LOCAL_PTR real* slabB) {
    real acc[16];
    barron_block_product(x, d, 1, w, 1, d, n, m, d, slabA, slabB, acc);
    for (int p = 0; p < 4; p++) {
        for (int q = 0; q < 4; q++) {
            int r = barron_block_row(p);
            int i = barron_block_col(q);
            if (r < n && i < m) {
                real z = acc[4 * p + q];
                h[r * m + i] = barron_activation(z, act);
                if (wantDerivative) {
                    deriv[r * m + i] = s * a[i] * barron_activation_derivative(z, act);
                }
            }
        }
    }
}

/* Entry point of hidden_layer_body (its local memory declared here, as OpenCL C requires). */
KERNEL void hidden_layer(GLOBAL const real* RESTRICT x, GLOBAL const real* RESTRICT w,
                         GLOBAL const real* RESTRICT a, real s, int n, int m, int d, int act,
                         GLOBAL real* RESTRICT h, GLOBAL real* RESTRICT deriv, int wantDerivative) {
    LOCAL real slabA[BARRON_SLAB_A_SIZE];
    LOCAL real slabB[BARRON_SLAB_B_SIZE];
    hidden_layer_body(x, w, a, s, n, m, d, act, h, deriv, wantDerivative, slabA, slabB);
}

/*
 * Output layer: one work-group of BARRON_GROUP work-items per sample r (GROUP_ID(0) = r);
 * lane l sums a_i H[r, i] over i = l, l + BARRON_GROUP, ... (compensated), the group combines
 * the lanes pairwise, and lane 0 writes
 *   out[r] = s * sum_i a_i H[r, i] - (hasTarget ? y[r] : 0)
 * and, when hasTarget, lossParts[r] = out[r]^2 * lossScale (lossScale = 1 / (2n)).
 * m smaller than the group leaves lanes idle (they contribute 0 and still reach the barriers).
 */
DEVICE_FN void output_layer_body(GLOBAL const real* RESTRICT h, GLOBAL const real* RESTRICT a, real s, int n, int m,
                                 GLOBAL const real* RESTRICT y, int hasTarget, real lossScale,
                                 GLOBAL real* RESTRICT out, GLOBAL real* RESTRICT lossParts,
                                 LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
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

/* Entry point of output_layer_body (its local memory declared here, as OpenCL C requires). */
KERNEL void output_layer(GLOBAL const real* RESTRICT h, GLOBAL const real* RESTRICT a, real s, int n, int m,
                         GLOBAL const real* RESTRICT y, int hasTarget, real lossScale,
                         GLOBAL real* RESTRICT out, GLOBAL real* RESTRICT lossParts) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    output_layer_body(h, a, s, n, m, y, hasTarget, lossScale, out, lossParts, bufS, bufC);
}
