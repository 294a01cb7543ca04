/*
 * gram.cl: Gram matrices of rows, G = P Q^T with P (p x d) and Q (q x d) row-major:
 * G[i, j] = <p_i, q_j>. Called as W [W; V]^T (one product gives W W^T and W V^T side by side,
 * m x (m + k)) and as V V^T for the teacher's constant term.
 * Each work-item computes its 4 x 4 entries G[i, j] through the blocked body of matmul.cl;
 * ragged blocks (p, q or d not a multiple of the block, d = 1) read zeros and do not store.
 */
DEVICE_FN void gram_body(GLOBAL const real* RESTRICT p, int pRow0, GLOBAL const real* RESTRICT q, int qRow0,
                         GLOBAL real* RESTRICT g, int rowsP, int rowsQ, int d,
                         LOCAL_PTR real* slabA, LOCAL_PTR real* slabB) {
    real acc[16];
    barron_block_product(p + pRow0 * d, d, 1, q + qRow0 * d, 1, d, rowsP, rowsQ, d, slabA, slabB, acc);
    for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
            int i = barron_block_row(r);
            int j = barron_block_col(c);
            if (i < rowsP && j < rowsQ) {
                g[i * rowsQ + j] = acc[4 * r + c];
            }
        }
    }
}

/* Entry point of gram_body (its local memory declared here, as OpenCL C requires). */
KERNEL void gram(GLOBAL const real* RESTRICT p, int pRow0, GLOBAL const real* RESTRICT q, int qRow0,
                 GLOBAL real* RESTRICT g, int rowsP, int rowsQ, int d) {
    LOCAL real slabA[BARRON_SLAB_A_SIZE];
    LOCAL real slabB[BARRON_SLAB_B_SIZE];
    gram_body(p, pRow0, q, qRow0, g, rowsP, rowsQ, d, slabA, slabB);
}
