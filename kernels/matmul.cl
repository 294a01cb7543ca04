/*
 * matmul.cl: the one blocked matrix-product body behind every product in Barron's kernels
 * (Gram matrices, forward pre-activations, gradient assembly, back-propagation), and the
 * generic strided product kernel.
 *
 * Operands are addressed by strides, so one body serves A B, A B^T and A^T B on row-major data:
 *   A(i, t) = A[i * sai + t * sat],   B(t, j) = B[t * sbt + j * sbj].
 * A work-group is BARRON_TILE x BARRON_TILE work-items and owns a BARRON_BLOCK x BARRON_BLOCK
 * block of C (BARRON_BLOCK = 4 BARRON_TILE); work-item (local 1 = ty, local 0 = tx) of group
 * (g1, g0) accumulates the 4 x 4 entries C(g1 BLOCK + ty + TILE p, g0 BLOCK + tx + TILE q),
 * p, q < 4, in registers. Each step stages a BLOCK x TILE slab of A and a TILE x BLOCK slab of
 * B in local memory, loading along whichever index has unit stride so that neighbouring
 * work-items read neighbouring addresses. Ragged edges: loads past rows, cols or inner read 0,
 * and entries outside C are computed but must not be stored (callers guard with
 * barron_block_row / barron_block_col). The inner sum of every entry runs t = 0, 1, ...,
 * inner - 1 in order, so results are deterministic and independent of the blocking.
 */

#define BARRON_BLOCK (4 * BARRON_TILE)
#define BARRON_SLAB_A_LD (BARRON_TILE + 1)
#define BARRON_SLAB_B_LD (BARRON_BLOCK + 1)
#define BARRON_SLAB_A_SIZE (BARRON_BLOCK * BARRON_SLAB_A_LD)
#define BARRON_SLAB_B_SIZE (BARRON_TILE * BARRON_SLAB_B_LD)

/* Row and column of C held in accumulator (p, q) of this work-item. */
DEVICE_FN int barron_block_row(int p) {
    return GROUP_ID(1) * BARRON_BLOCK + LOCAL_ID(1) + BARRON_TILE * p;
}

DEVICE_FN int barron_block_col(int q) {
    return GROUP_ID(0) * BARRON_BLOCK + LOCAL_ID(0) + BARRON_TILE * q;
}

/* acc[4 p + q] = sum_t A(row p, t) B(t, col q) for this work-item's 16 entries. */
DEVICE_FN void barron_block_product(GLOBAL const real* RESTRICT a, int sai, int sat,
                                    GLOBAL const real* RESTRICT b, int sbt, int sbj,
                                    int rows, int cols, int inner,
                                    LOCAL_PTR real* slabA, LOCAL_PTR real* slabB, real* acc) {
    int tx = LOCAL_ID(0);
    int ty = LOCAL_ID(1);
    int lin = ty * BARRON_TILE + tx;
    int i0 = GROUP_ID(1) * BARRON_BLOCK;
    int j0 = GROUP_ID(0) * BARRON_BLOCK;
    for (int e = 0; e < 16; e++) {
        acc[e] = R(0);
    }
    for (int t0 = 0; t0 < inner; t0 += BARRON_TILE) {
        /* slabA[r][t] = A(i0 + r, t0 + t), r < BLOCK, t < TILE: 4 loads per work-item */
        for (int e = 0; e < 4; e++) {
            int idx = lin + e * BARRON_TILE * BARRON_TILE;
            int r = sat == 1 ? idx / BARRON_TILE : idx % BARRON_BLOCK;
            int t = sat == 1 ? idx % BARRON_TILE : idx / BARRON_BLOCK;
            int i = i0 + r;
            int tt = t0 + t;
            slabA[r * BARRON_SLAB_A_LD + t] = (i < rows && tt < inner) ? a[i * sai + tt * sat] : R(0);
        }
        /* slabB[t][c] = B(t0 + t, j0 + c), t < TILE, c < BLOCK */
        for (int e = 0; e < 4; e++) {
            int idx = lin + e * BARRON_TILE * BARRON_TILE;
            int c = sbj == 1 ? idx % BARRON_BLOCK : idx / BARRON_TILE;
            int t = sbj == 1 ? idx / BARRON_BLOCK : idx % BARRON_TILE;
            int j = j0 + c;
            int tt = t0 + t;
            slabB[t * BARRON_SLAB_B_LD + c] = (tt < inner && j < cols) ? b[tt * sbt + j * sbj] : R(0);
        }
        LOCAL_BARRIER();
        for (int t = 0; t < BARRON_TILE; t++) {
            real av[4];
            real bv[4];
            for (int p = 0; p < 4; p++) {
                av[p] = slabA[(ty + BARRON_TILE * p) * BARRON_SLAB_A_LD + t];
                bv[p] = slabB[t * BARRON_SLAB_B_LD + tx + BARRON_TILE * p];
            }
            for (int p = 0; p < 4; p++) {
                for (int q = 0; q < 4; q++) {
                    acc[4 * p + q] += av[p] * bv[q];
                }
            }
        }
        LOCAL_BARRIER();
    }
}

/*
 * C = scale * A B with strided operands (see above); C is rows x cols, row-major with leading
 * dimension ldc. Used for the back-propagated gradient P^T X. One work-group per BLOCK x BLOCK
 * block of C (dimension 0 = columns); entries outside C are not stored.
 */
DEVICE_FN void matmul_strided_body(GLOBAL const real* RESTRICT a, int sai, int sat,
                                   GLOBAL const real* RESTRICT b, int sbt, int sbj,
                                   GLOBAL real* RESTRICT c, int ldc, int rows, int cols, int inner, real scale,
                                   LOCAL_PTR real* slabA, LOCAL_PTR real* slabB) {
    real acc[16];
    barron_block_product(a, sai, sat, b, sbt, sbj, rows, cols, inner, slabA, slabB, acc);
    for (int p = 0; p < 4; p++) {
        for (int q = 0; q < 4; q++) {
            int i = barron_block_row(p);
            int j = barron_block_col(q);
            if (i < rows && j < cols) {
                c[i * ldc + j] = scale * acc[4 * p + q];
            }
        }
    }
}

/* Entry point of matmul_strided_body (its local memory declared here, as OpenCL C requires). */
KERNEL void matmul_strided(GLOBAL const real* RESTRICT a, int sai, int sat,
                           GLOBAL const real* RESTRICT b, int sbt, int sbj,
                           GLOBAL real* RESTRICT c, int ldc, int rows, int cols, int inner, real scale) {
    LOCAL real slabA[BARRON_SLAB_A_SIZE];
    LOCAL real slabB[BARRON_SLAB_B_SIZE];
    matmul_strided_body(a, sai, sat, b, sbt, sbj, c, ldc, rows, cols, inner, scale, slabA, slabB);
}
