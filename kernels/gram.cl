/*
 * gram.cl: Gram matrices of rows, G = P Q^T with P (p x d) and Q (q x d) row-major:
 * G[i, j] = <p_i, q_j>. Called as W [W; V]^T (one product gives W W^T and W V^T side by side,
 * m x (m + k)) and as V V^T for the teacher's constant term.
 * Work-item (GLOBAL_ID(1) = i, GLOBAL_ID(0) = j) computes G[i, j] through the tiled body of
 * matmul.cl; ragged tiles (p, q or d not a multiple of the tile, d = 1) read zeros and do not store.
 */
KERNEL void gram(GLOBAL const real* RESTRICT p, int pRow0, GLOBAL const real* RESTRICT q, int qRow0,
                 GLOBAL real* RESTRICT g, int rowsP, int rowsQ, int d) {
    LOCAL real tileA[BARRON_TILE * BARRON_TILE_LD];
    LOCAL real tileB[BARRON_TILE * BARRON_TILE_LD];
    real acc = barron_tile_product(p + pRow0 * d, d, 1, q + qRow0 * d, 1, d, rowsP, rowsQ, d, tileA, tileB);
    int i = GLOBAL_ID(1);
    int j = GLOBAL_ID(0);
    if (i < rowsP && j < rowsQ) {
        g[i * rowsQ + j] = acc;
    }
}
