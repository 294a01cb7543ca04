/*
 * matmul.cl: the one tiled matrix-product body behind every product in Barron's kernels
 * (Gram matrices, forward pre-activations, gradient assembly, back-propagation), and the
 * generic strided product kernel.
 *
 * Operands are addressed by strides, so one body serves A B, A B^T and A^T B on row-major data:
 *   A(i, t) = A[i * sai + t * sat],   B(t, j) = B[t * sbt + j * sbj].
 * Work-groups are BARRON_TILE x BARRON_TILE; work-item (local 1 = li, local 0 = lj) of group
 * (g1, g0) owns C(g1 * TILE + li, g0 * TILE + lj). Each step stages a TILE x TILE tile of A
 * and of B in local memory, loading along whichever index has unit stride so that neighbouring
 * work-items read neighbouring addresses. Ragged edges: loads past rows, cols or inner read 0,
 * and items outside C still load and reach every barrier but must not store (callers guard).
 * The inner sum runs t = 0, 1, ..., inner - 1 in order, so results are deterministic.
 */

#define BARRON_TILE_LD (BARRON_TILE + 1)

DEVICE_FN real barron_tile_product(GLOBAL const real* RESTRICT a, int sai, int sat,
                                   GLOBAL const real* RESTRICT b, int sbt, int sbj,
                                   int rows, int cols, int inner,
                                   LOCAL_PTR real* tileA, LOCAL_PTR real* tileB) {
    int lj = LOCAL_ID(0);
    int li = LOCAL_ID(1);
    int i0 = GROUP_ID(1) * BARRON_TILE;
    int j0 = GROUP_ID(0) * BARRON_TILE;
    real acc = R(0);
    for (int t0 = 0; t0 < inner; t0 += BARRON_TILE) {
        /* tileA[r][t] = A(i0 + r, t0 + t); tileB[t][c] = B(t0 + t, j0 + c) */
        if (sat == 1) {
            int i = i0 + li;
            int t = t0 + lj;
            tileA[li * BARRON_TILE_LD + lj] = (i < rows && t < inner) ? a[i * sai + t] : R(0);
        } else {
            int i = i0 + lj;
            int t = t0 + li;
            tileA[lj * BARRON_TILE_LD + li] = (i < rows && t < inner) ? a[i * sai + t * sat] : R(0);
        }
        if (sbj == 1) {
            int t = t0 + li;
            int j = j0 + lj;
            tileB[li * BARRON_TILE_LD + lj] = (t < inner && j < cols) ? b[t * sbt + j] : R(0);
        } else {
            int t = t0 + lj;
            int j = j0 + li;
            tileB[lj * BARRON_TILE_LD + li] = (t < inner && j < cols) ? b[t * sbt + j * sbj] : R(0);
        }
        LOCAL_BARRIER();
        for (int t = 0; t < BARRON_TILE; t++) {
            acc += tileA[li * BARRON_TILE_LD + t] * tileB[t * BARRON_TILE_LD + lj];
        }
        LOCAL_BARRIER();
    }
    return acc;
}

/*
 * C = scale * A B with strided operands (see above); C is rows x cols, row-major with leading
 * dimension ldc. Used for the back-propagated gradient P^T X. Global size: cols and rows
 * rounded up to BARRON_TILE (dimension 0 = columns); items outside C do not store.
 */
KERNEL void matmul_strided(GLOBAL const real* RESTRICT a, int sai, int sat,
                           GLOBAL const real* RESTRICT b, int sbt, int sbj,
                           GLOBAL real* RESTRICT c, int ldc, int rows, int cols, int inner, real scale) {
    LOCAL real tileA[BARRON_TILE * BARRON_TILE_LD];
    LOCAL real tileB[BARRON_TILE * BARRON_TILE_LD];
    real acc = barron_tile_product(a, sai, sat, b, sbt, sbj, rows, cols, inner, tileA, tileB);
    int i = GLOBAL_ID(1);
    int j = GLOBAL_ID(0);
    if (i < rows && j < cols) {
        c[i * ldc + j] = scale * acc;
    }
}
