/* ---- barron_portability.h ---- */
/*
 * barron_portability.h: the one place where OpenCL C and CUDA C differ for Barron's kernels.
 *
 * Every kernel file (kernels/NAME.cl) is written against these macros only, so the same bodies compile
 * as OpenCL C (JOCL, PoCL, GPU drivers; TornadoVM prebuilt tasks) and as CUDA C++ to PTX
 * (nvcc --ptx, checked by the tests where nvcc is installed). No kernel body is written twice.
 *
 * Build options:
 *   -DREAL_IS_DOUBLE   the real type is double (needs cl_khr_fp64); otherwise float.
 *   -DBARRON_TILE=n    square tile edge of the matrix products (default 16).
 *   -DBARRON_GROUP=n   work-group size of the row reductions (default 64, a power of two).
 *   -DBARRON_REDUCE=n  work-group size of the single-group reductions (default 256, a power of two).
 */
#ifndef BARRON_PORTABILITY_H
#define BARRON_PORTABILITY_H

#ifdef __CUDACC__
/* ---- CUDA C++ ---- */
#define KERNEL extern "C" __global__
#define GLOBAL
#define LOCAL __shared__
#define LOCAL_PTR
#define RESTRICT __restrict__
#define DEVICE_FN static __device__ __forceinline__
#define LOCAL_BARRIER() __syncthreads()
DEVICE_FN int barron_dim3(unsigned x, unsigned y, unsigned z, int dim) { return (int) (dim == 0 ? x : (dim == 1 ? y : z)); }
#define LOCAL_ID(d) barron_dim3(threadIdx.x, threadIdx.y, threadIdx.z, d)
#define GROUP_ID(d) barron_dim3(blockIdx.x, blockIdx.y, blockIdx.z, d)
#define LOCAL_SIZE(d) barron_dim3(blockDim.x, blockDim.y, blockDim.z, d)
#define NUM_GROUPS(d) barron_dim3(gridDim.x, gridDim.y, gridDim.z, d)
#define GLOBAL_ID(d) (GROUP_ID(d) * LOCAL_SIZE(d) + LOCAL_ID(d))
#else
/* ---- OpenCL C 1.2 ---- */
#ifdef REAL_IS_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#define KERNEL __kernel
#define GLOBAL __global
#define LOCAL __local
#define LOCAL_PTR __local
#define RESTRICT restrict
#define DEVICE_FN static inline
#define LOCAL_BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define LOCAL_ID(d) ((int) get_local_id(d))
#define GROUP_ID(d) ((int) get_group_id(d))
#define LOCAL_SIZE(d) ((int) get_local_size(d))
#define NUM_GROUPS(d) ((int) get_num_groups(d))
#define GLOBAL_ID(d) ((int) get_global_id(d))
#endif

/* The real type. Math functions (sqrt, acos, atan2, sin, cos, exp, erf, asin, fabs, fmin, fmax)
 * are overloaded on float and double in both OpenCL C and CUDA C++, so bodies call them as is. */
#ifdef REAL_IS_DOUBLE
typedef double real;
#else
typedef float real;
#endif

/* A literal in the real type: unsuffixed literals are double, which a device without fp64 rejects. */
#define R(x) ((real) (x))
#define BARRON_PI R(3.14159265358979323846)
#define BARRON_INV_2PI R(0.15915494309189533577)
#define BARRON_TWO_OVER_PI R(0.63661977236758134308)
#define BARRON_SQRT_2_OVER_PI R(0.79788456080286535588)
#define BARRON_INV_SQRT_2 R(0.70710678118654752440)

#ifndef BARRON_TILE
#define BARRON_TILE 16
#endif
#ifndef BARRON_GROUP
#define BARRON_GROUP 64
#endif
#ifndef BARRON_REDUCE
#define BARRON_REDUCE 256
#endif

#endif /* BARRON_PORTABILITY_H */

/* ---- reduce.cl ---- */
/*
 * reduce.cl: compensated sums and work-group reductions shared by every kernel that reduces,
 * and the two single-work-group reductions (sum_reduce, step_stats).
 *
 * Losses are differences of O(1) terms that cancel near the optimum, so every sum here is
 * Neumaier-compensated per lane and combined across lanes by a pairwise tree of
 * (sum, compensation) pairs: the error stays O(eps) of the largest partial, not of the count.
 */

/* Neumaier's compensated addition: (*s + *c) += x. */
DEVICE_FN void barron_kahan_add(real* s, real* c, real x) {
    real t = *s + x;
    if (fabs(*s) >= fabs(x)) {
        *c += (*s - t) + x;
    } else {
        *c += (x - t) + *s;
    }
    *s = t;
}

/*
 * Pairwise tree over a work-group of `size` lanes (a power of two): lane `lane` contributes
 * the compensated pair (s, c); every lane gets the total. Every lane of the group must call it
 * (it holds barriers); the two buffers need `size` entries each and are free again on return.
 */
DEVICE_FN real barron_group_sum(LOCAL_PTR real* bufS, LOCAL_PTR real* bufC, real s, real c, int lane, int size) {
    bufS[lane] = s;
    bufC[lane] = c;
    LOCAL_BARRIER();
    for (int span = size / 2; span > 0; span >>= 1) {
        if (lane < span) {
            real s1 = bufS[lane];
            real c1 = bufC[lane];
            barron_kahan_add(&s1, &c1, bufS[lane + span]);
            bufS[lane] = s1;
            bufC[lane] = c1 + bufC[lane + span];
        }
        LOCAL_BARRIER();
    }
    real total = bufS[0] + bufC[0];
    LOCAL_BARRIER();
    return total;
}

/* Maximum over a work-group, same calling rules as barron_group_sum. */
DEVICE_FN real barron_group_max(LOCAL_PTR real* buf, real x, int lane, int size) {
    buf[lane] = x;
    LOCAL_BARRIER();
    for (int span = size / 2; span > 0; span >>= 1) {
        if (lane < span) {
            buf[lane] = fmax(buf[lane], buf[lane + span]);
        }
        LOCAL_BARRIER();
    }
    real total = buf[0];
    LOCAL_BARRIER();
    return total;
}

/*
 * out[outIndex] = sum of parts[0 .. n), compensated and pairwise.
 * One work-group of BARRON_REDUCE work-items: lane l sums parts[l], parts[l + BARRON_REDUCE], ...
 * Edges: n = 0 gives 0; n below the group size leaves idle lanes contributing 0.
 */
DEVICE_FN void sum_reduce_body(GLOBAL const real* RESTRICT parts, int n, GLOBAL real* RESTRICT out, int outIndex,
                               LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    int lane = LOCAL_ID(0);
    real s = R(0);
    real c = R(0);
    for (int i = lane; i < n; i += BARRON_REDUCE) {
        barron_kahan_add(&s, &c, parts[i]);
    }
    real total = barron_group_sum(bufS, bufC, s, c, lane, BARRON_REDUCE);
    if (lane == 0) {
        out[outIndex] = total;
    }
}

/* Entry point of sum_reduce_body (its local memory declared here, as OpenCL C requires). */
KERNEL void sum_reduce(GLOBAL const real* RESTRICT parts, int n, GLOBAL real* RESTRICT out, int outIndex) {
    LOCAL real bufS[BARRON_REDUCE];
    LOCAL real bufC[BARRON_REDUCE];
    sum_reduce_body(parts, n, out, outIndex, bufS, bufC);
}

/*
 * The scalars a training step reports, in one work-group of BARRON_REDUCE work-items:
 *   stats[0] = sum of lossParts[0 .. nParts)            (the loss, compensated and pairwise)
 *   stats[1] = max_i gradRowNorms[i]                    (max_i |grad_{w_i} L|, i < m)
 *   stats[2] = sqrt(sum_i gradRowNorms[i]^2 + (includeOuter ? |gradA|^2 : 0))
 * The row norms come from row_norms (one coalesced work-group per row); lane l handles
 * entries l, l + BARRON_REDUCE, ...; m or nParts below the group size leave lanes idle.
 */
DEVICE_FN void step_stats_body(GLOBAL const real* RESTRICT lossParts, int nParts, GLOBAL const real* RESTRICT gradRowNorms,
                               int m, GLOBAL const real* RESTRICT gradA, int includeOuter, GLOBAL real* RESTRICT stats,
                               LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    int lane = LOCAL_ID(0);
    real s = R(0);
    real c = R(0);
    for (int i = lane; i < nParts; i += BARRON_REDUCE) {
        barron_kahan_add(&s, &c, lossParts[i]);
    }
    real loss = barron_group_sum(bufS, bufC, s, c, lane, BARRON_REDUCE);

    real maxRow = R(0);
    real sq = R(0);
    real sqc = R(0);
    for (int i = lane; i < m; i += BARRON_REDUCE) {
        real row = gradRowNorms[i];
        maxRow = fmax(maxRow, row);
        barron_kahan_add(&sq, &sqc, row * row);
        if (includeOuter) {
            barron_kahan_add(&sq, &sqc, gradA[i] * gradA[i]);
        }
    }
    real maxAll = barron_group_max(bufS, maxRow, lane, BARRON_REDUCE);
    real sqAll = barron_group_sum(bufS, bufC, sq, sqc, lane, BARRON_REDUCE);
    if (lane == 0) {
        stats[0] = loss;
        stats[1] = maxAll;
        stats[2] = sqrt(sqAll);
    }
}

/* Entry point of step_stats_body (its local memory declared here, as OpenCL C requires). */
KERNEL void step_stats(GLOBAL const real* RESTRICT lossParts, int nParts, GLOBAL const real* RESTRICT gradRowNorms,
                       int m, GLOBAL const real* RESTRICT gradA, int includeOuter, GLOBAL real* RESTRICT stats) {
    LOCAL real bufS[BARRON_REDUCE];
    LOCAL real bufC[BARRON_REDUCE];
    step_stats_body(lossParts, nParts, gradRowNorms, m, gradA, includeOuter, stats, bufS, bufC);
}

/* ---- activation.cl ---- */
/*
 * activation.cl: the hidden activation sigma and its derivative, selected by an int code that
 * matches dev.barron.model.Activation's ordinal: 0 relu, 1 step, 2 erf(z / sqrt 2), 3 relu^2.
 * Conventions as in Activation.java: relu'(0) = 1/2 (MATH.md 2), step' = 0 everywhere.
 */

#define BARRON_RELU 0
#define BARRON_STEP 1
#define BARRON_ERF 2
#define BARRON_RELU2 3

DEVICE_FN real barron_activation(real z, int act) {
    if (act == BARRON_RELU) {
        return z > R(0) ? z : R(0);
    } else if (act == BARRON_STEP) {
        return z > R(0) ? R(1) : R(0);
    } else if (act == BARRON_ERF) {
        return erf(z * BARRON_INV_SQRT_2);
    }
    return z > R(0) ? z * z : R(0);
}

DEVICE_FN real barron_activation_derivative(real z, int act) {
    if (act == BARRON_RELU) {
        return z > R(0) ? R(1) : (z == R(0) ? R(0.5) : R(0));
    } else if (act == BARRON_STEP) {
        return R(0);
    } else if (act == BARRON_ERF) {
        return BARRON_SQRT_2_OVER_PI * exp(R(-0.5) * z * z);
    }
    return z > R(0) ? R(2) * z : R(0);
}

/* ---- stable_angle.cl ---- */
/*
 * stable_angle.cl: the angle between two rows, exactly as dev.barron.math.StableAngle documents.
 *
 * The Gram cosine c = dot / (|p| |q|) (clamped to [-1, 1]) is used where |c| <= 0.99, where
 * acos keeps about 1e-15; nearly (anti)parallel pairs (theta near 0 or pi, where training
 * converges) take 2 atan2(|u - e|, |u + e|) from the rows themselves, O(d) per such pair.
 * A zero row gives theta = pi/2 (the relu'(0) = 1/2 convention of MATH.md 2); the self pair (a row
 * with itself, isSelf != 0) is exactly theta = 0, cos = 1, sin = 0, as the CPU reference has it.
 * Outputs theta in [0, pi], cos theta, and sin theta >= 0.
 */

#define BARRON_GRAM_COS_LIMIT R(0.99)

DEVICE_FN void barron_stable_angle(real dot, real normP, real normQ, GLOBAL const real* RESTRICT rowP,
                                   GLOBAL const real* RESTRICT rowQ, int d, int isSelf,
                                   real* theta, real* cosTheta, real* sinTheta) {
    if (isSelf) {
        *theta = R(0);
        *cosTheta = R(1);
        *sinTheta = R(0);
        return;
    }
    if (normP == R(0) || normQ == R(0)) {
        *theta = R(0.5) * BARRON_PI;
        *cosTheta = R(0);
        *sinTheta = R(1);
        return;
    }
    real c = fmin(R(1), fmax(R(-1), dot / (normP * normQ)));
    if (fabs(c) <= BARRON_GRAM_COS_LIMIT) {
        real sn = sqrt((R(1) - c) * (R(1) + c));
        *theta = atan2(sn, c);    /* = acos c to an ulp or two, the form StableAngle.fromGram uses */
        *cosTheta = c;
        *sinTheta = sn;
        return;
    }
    real ip = R(1) / normP;
    real iq = R(1) / normQ;
    real diff = R(0);
    real sum = R(0);
    for (int t = 0; t < d; t++) {
        real u = rowP[t] * ip;
        real e = rowQ[t] * iq;
        diff += (u - e) * (u - e);
        sum += (u + e) * (u + e);
    }
    real th = R(2) * atan2(sqrt(diff), sqrt(sum));
    *theta = th;
    *cosTheta = cos(th);
    *sinTheta = sin(th);
}

/* ---- gaussian_kernel.cl ---- */
/*
 * gaussian_kernel.cl: kappa(w, v) = E[sigma(w.x) sigma(v.x)], x ~ N(0, I), and the coefficients
 * of its gradient grad_w kappa = alpha w + beta v, per pair, exactly as
 * dev.barron.math.GaussianKernel.evaluate (same branches, same edge conventions):
 *   relu, w = 0:  theta = pi/2 gives alpha = 0, beta = 1/4 (g(0, v) = v / 4);
 *   step:         kappa(0, v) = 0; gradient 0 where sin theta < 1e-12 (theta at 0 or pi);
 *   v = 0:        kappa = alpha = beta = 0 for every activation.
 * The self pair is theta = 0, cos = 1, sin = 0, whose (alpha + beta) w is the partial
 * derivative in the first argument.
 */

/*
 * Below this sin(theta) the step gradient is 0, as GaussianKernel.STEP_SIN_FLOOR (1e-12):
 * sin(pi) is 1.2e-16 in double, not 0. In float, sin((float) pi) is -8.7e-8, so the floor is
 * 1e-6 there: the direction of alpha w + beta v carries a relative error of eps / sin anyway.
 */
#ifdef REAL_IS_DOUBLE
#define BARRON_STEP_SIN_FLOOR R(1e-12)
#else
#define BARRON_STEP_SIN_FLOOR R(1e-6)
#endif

DEVICE_FN void barron_gaussian_kernel(int act, real normW, real normV, real theta, real c, real s,
                                      real* kappa, real* alpha, real* beta) {
    if (normV == R(0)) {
        *kappa = R(0);
        *alpha = R(0);
        *beta = R(0);
        return;
    }
    if (act == BARRON_RELU) {
        real piMinus = BARRON_PI - theta;
        *kappa = normW * normV * (s + piMinus * c) * BARRON_INV_2PI;
        *alpha = normW == R(0) ? R(0) : normV * s * BARRON_INV_2PI / normW;
        *beta = piMinus * BARRON_INV_2PI;
    } else if (act == BARRON_STEP) {
        if (normW == R(0)) {
            *kappa = R(0);
            *alpha = R(0);
            *beta = R(0);
        } else {
            *kappa = (BARRON_PI - theta) * BARRON_INV_2PI;
            if (s < BARRON_STEP_SIN_FLOOR) {
                *alpha = R(0);
                *beta = R(0);
            } else {
                *alpha = -c * BARRON_INV_2PI / (s * normW * normW);
                *beta = BARRON_INV_2PI / (s * normW * normV);
            }
        }
    } else if (act == BARRON_ERF) {
        real aw = R(1) + normW * normW;
        real av = R(1) + normV * normV;
        real root = sqrt(aw * av);
        real z = normW * normV * c / root;
        real q = sqrt((R(1) - z) * (R(1) + z));
        *kappa = BARRON_TWO_OVER_PI * atan2(z, q);   /* asin z, as GaussianKernel writes it */
        *alpha = -BARRON_TWO_OVER_PI * z / (aw * q);
        *beta = BARRON_TWO_OVER_PI / (root * q);
    } else {
        real piMinus = BARRON_PI - theta;
        real j1 = s + piMinus * c;
        real j2 = R(3) * s * c + piMinus * (R(1) + R(2) * c * c);
        real vv = normV * normV;
        *kappa = normW * normW * vv * j2 * BARRON_INV_2PI;
        *alpha = vv * (R(2) * j2 - R(4) * c * j1) * BARRON_INV_2PI;
        *beta = R(4) * normW * normV * j1 * BARRON_INV_2PI;
    }
}

/* ---- matmul.cl ---- */
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

/* ---- gram.cl ---- */
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

/* ---- forward.cl ---- */
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

/* ---- empirical.cl ---- */
/*
 * empirical.cl: the back-propagation steps of the empirical loss L_n = 1/(2n) sum_r e_r^2,
 * e = s H a - y (MATH.md 4), after hidden_layer (H and D = s a_i sigma') and output_layer (e):
 *   dL/dW = P^T X with P[r, i] = D[r, i] e_r / n   (matmul_strided reads P transposed)
 *   dL/da = s H^T e / n
 */

/*
 * P = D .* (e 1^T) / n in place: work-item (GLOBAL_ID(1) = r, GLOBAL_ID(0) = i) scales
 * D[r, i] by e_r * invN. Items past n or m (the rounded-up global size) do nothing.
 */
KERNEL void backprop_scale(GLOBAL real* RESTRICT deriv, GLOBAL const real* RESTRICT e, int n, int m, real invN) {
    int r = GLOBAL_ID(1);
    int i = GLOBAL_ID(0);
    if (r < n && i < m) {
        deriv[r * m + i] *= e[r] * invN;
    }
}

/*
 * dL/da_i = s / n * sum_r H[r, i] e_r: work-item i (GLOBAL_ID(0)) runs down column i,
 * compensated; neighbouring items read neighbouring addresses of each row. Items past m idle.
 */
KERNEL void outer_gradient(GLOBAL const real* RESTRICT h, GLOBAL const real* RESTRICT e, int n, int m,
                           real scale, GLOBAL real* RESTRICT gradA) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real acc = R(0);
    real comp = R(0);
    for (int r = 0; r < n; r++) {
        barron_kahan_add(&acc, &comp, h[r * m + i] * e[r]);
    }
    gradA[i] = scale * (acc + comp);
}

/* ---- population.cl ---- */
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
DEVICE_FN void pair_coefficients_body(GLOBAL const real* RESTRICT g, GLOBAL const real* RESTRICT u,
                                      GLOBAL const real* RESTRICT norms, GLOBAL const real* RESTRICT ab,
                                      int m, real s, int rowOff, int colOff, int nc, int d, int act,
                                      GLOBAL real* RESTRICT coef, GLOBAL real* RESTRICT rowLoss,
                                      GLOBAL real* RESTRICT gradA, GLOBAL real* RESTRICT rowScale,
                                      LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
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
        barron_stable_angle(g[r * nc + c], normR, norms[pc], u + pr * d, u + pc * d, d, pr == pc, &theta, &cs, &sn);
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

/* Entry point of pair_coefficients_body (its local memory declared here, as OpenCL C requires). */
KERNEL void pair_coefficients(GLOBAL const real* RESTRICT g, GLOBAL const real* RESTRICT u,
                              GLOBAL const real* RESTRICT norms, GLOBAL const real* RESTRICT ab,
                              int m, real s, int rowOff, int colOff, int nc, int d, int act,
                              GLOBAL real* RESTRICT coef, GLOBAL real* RESTRICT rowLoss,
                              GLOBAL real* RESTRICT gradA, GLOBAL real* RESTRICT rowScale) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    pair_coefficients_body(g, u, norms, ab, m, s, rowOff, colOff, nc, d, act, coef, rowLoss, gradA, rowScale, bufS, bufC);
}

/*
 * gradW = C U + diag(rowScale) W, C m x nc, U nc x d (W = its first m rows), gradW m x d.
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

/* ---- angles.cl ---- */
/*
 * angles.cl: the angle matrix for metrics, theta[r, c] = angle(u_{rowOff + r}, u_{colOff + c}),
 * from the Gram matrix g (nr x nc) and the row norms, by the rule of stable_angle.cl
 * (Gram cosine where |cos| <= 0.99, else from the rows; a zero row gives pi/2).
 * Work-item (GLOBAL_ID(1) = r, GLOBAL_ID(0) = c); items past nr or nc do nothing.
 */
KERNEL void pair_angles(GLOBAL const real* RESTRICT g, GLOBAL const real* RESTRICT u,
                        GLOBAL const real* RESTRICT norms, int rowOff, int nr, int colOff, int nc, int d,
                        GLOBAL real* RESTRICT theta) {
    int r = GLOBAL_ID(1);
    int c = GLOBAL_ID(0);
    if (r >= nr || c >= nc) {
        return;
    }
    int pr = rowOff + r;
    int pc = colOff + c;
    real th, cs, sn;
    barron_stable_angle(g[r * nc + c], norms[pr], norms[pc], u + pr * d, u + pc * d, d, pr == pc, &th, &cs, &sn);
    theta[r * nc + c] = th;
}

/* ---- update.cl ---- */
/*
 * update.cl: row norms and the gradient-descent update, fused with the norms the next
 * evaluation's angles need.
 */

/*
 * norms[r] = |u_r| for rows r = row0 + g of u (row-major, d columns): one work-group of
 * BARRON_GROUP work-items per row (GROUP_ID(0) = g), lanes stride over d (d below the group size
 * leaves lanes idle), pairwise combination. A zero row gives 0.
 */
DEVICE_FN void row_norms_body(GLOBAL const real* RESTRICT u, int row0, int d, GLOBAL real* RESTRICT norms,
                              LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    int r = row0 + GROUP_ID(0);
    int lane = LOCAL_ID(0);
    real acc = R(0);
    for (int t = lane; t < d; t += BARRON_GROUP) {
        real x = u[r * d + t];
        acc += x * x;
    }
    real total = barron_group_sum(bufS, bufC, acc, R(0), lane, BARRON_GROUP);
    if (lane == 0) {
        norms[r] = sqrt(total);
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
 * |w_i| into norms[i], so the next evaluation needs no separate norm pass.
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

/* ---- pathnorm.cl ---- */
/*
 * pathnorm.cl: per-neuron terms |a_i| |w_i|_1 of the l1 path norm ||theta||_P = s sum_i |a_i| |w_i|_1
 * (MATH.md 5); sum_reduce adds them and the caller multiplies by s (as dev.barron.math.PathNorms).
 * Work-item i (GLOBAL_ID(0)) owns neuron i and runs over its d weights; items past m do nothing.
 * A zero neuron contributes 0.
 */
KERNEL void path_norm_terms(GLOBAL const real* RESTRICT w, GLOBAL const real* RESTRICT a, int m, int d,
                            GLOBAL real* RESTRICT terms) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real l1 = R(0);
    for (int t = 0; t < d; t++) {
        l1 += fabs(w[i * d + t]);
    }
    terms[i] = fabs(a[i]) * l1;
}

/* ---- prox.cl ---- */
/*
 * prox.cl: the exact proximal point of lambda |a| |w|_1 for every neuron (MATH.md 5.1), after
 * Latorre, Rolland, Hallak and Cevher (ICML 2020).
 *
 * For one neuron with A = |a0|, W = |w0| sorted decreasing and prefix sums S_k (of W) and
 * Q_k (of W^2), the candidates are, in this order (the first of least objective wins):
 *   (0, W)   objective A^2 / 2;   (A, 0)   objective Q_d / 2;
 *   for k = 1..d while 1 - k lambda^2 > 0:
 *     a_k = (A - lambda S_k) / (1 - k lambda^2), valid iff a_k >= 0, W_(k) - lambda a_k > 0
 *     and (k = d or W_(k+1) <= lambda a_k); objective
 *     (a_k - A)^2 / 2 + k lambda^2 a_k^2 / 2 + (Q_d - Q_k) / 2 + lambda a_k (S_k - k lambda a_k).
 * Signs of a0 and w0 are restored at the end; a0 = 0 keeps a >= 0.
 */

/* Sorts v[0 .. n) decreasing in place (heap sort with a min-heap: O(n log n), no recursion). */
DEVICE_FN void barron_sort_decreasing(GLOBAL real* v, int n) {
    for (int start = n / 2 - 1; start >= 0; start--) {
        int root = start;
        while (2 * root + 1 < n) {
            int child = 2 * root + 1;
            if (child + 1 < n && v[child + 1] < v[child]) {
                child++;
            }
            if (v[child] < v[root]) {
                real tmp = v[root];
                v[root] = v[child];
                v[child] = tmp;
                root = child;
            } else {
                break;
            }
        }
    }
    for (int end = n - 1; end > 0; end--) {
        real tmp = v[0];
        v[0] = v[end];
        v[end] = tmp;
        int root = 0;
        while (2 * root + 1 < end) {
            int child = 2 * root + 1;
            if (child + 1 < end && v[child + 1] < v[child]) {
                child++;
            }
            if (v[child] < v[root]) {
                real t2 = v[root];
                v[root] = v[child];
                v[child] = t2;
                root = child;
            } else {
                break;
            }
        }
    }
}

/*
 * Work-item i (GLOBAL_ID(0)) solves neuron i: it sorts |w0_i| into its own row of scratch
 * (2 m d reals: rows of sorted magnitudes, then rows of their suffix sums of squares, which
 * give the tails T_k free of cancellation), scans the candidates with a running prefix sum, and
 * writes the proximal (w_i, a_i) to wOut, aOut (sign(0) = +1; a = 0 is never -0), the chosen
 * candidate's objective to objTerms[i] and its |a| |w|_1 to pathTerms[i] (the caller multiplies
 * the sum by s). The candidates, their order and the tie rule are those of
 * dev.barron.math.NeuronProx, the scalar reference. lambda is lambda * s for the mean-field
 * scaling (the caller passes it so). Edges: lambda = 0 returns the input; a zero neuron stays
 * zero; d = 1 has the single support candidate k = 1. Items past m do nothing.
 * A bisection on lambda calls it many times on the same (w0, a0): with sortedReady the sorted
 * magnitudes and tails of the previous call are reused (O(d) per neuron instead of O(d log d)),
 * and without writeResult only the scalars are written, not the m x d result.
 */
KERNEL void prox_neurons(GLOBAL const real* RESTRICT w0, GLOBAL const real* RESTRICT a0, int m, int d,
                         real lambda, GLOBAL real* RESTRICT scratch, int sortedReady, int writeResult,
                         GLOBAL real* RESTRICT wOut, GLOBAL real* RESTRICT aOut,
                         GLOBAL real* RESTRICT objTerms, GLOBAL real* RESTRICT pathTerms) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    GLOBAL const real* row = w0 + i * d;
    GLOBAL real* sorted = scratch + i * d;
    GLOBAL real* tail = scratch + m * d + i * d;
    if (!sortedReady) {
        for (int t = 0; t < d; t++) {
            sorted[t] = fabs(row[t]);
        }
        barron_sort_decreasing(sorted, d);
        real acc = R(0);
        for (int t = d - 1; t >= 0; t--) {
            acc += sorted[t] * sorted[t];
            tail[t] = acc;        /* tail[t] = sum_{j >= t} sorted_j^2 */
        }
    }
    real big = fabs(a0[i]);
    real best = R(0.5) * big * big;
    int support = -1;             /* -1: (0, W); 0: (A, 0); k >= 1: shrink the top k */
    real outer = R(0);
    real shiftBest = R(0);
    real pathBest = R(0);
    if (R(0.5) * tail[0] < best) {
        best = R(0.5) * tail[0];
        support = 0;
        outer = big;
    }
    real prefix = R(0);
    real lam2 = lambda * lambda;
    for (int k = 1; k <= d; k++) {
        real denom = R(1) - (real) k * lam2;
        if (!(denom > R(0))) {
            break;
        }
        prefix += sorted[k - 1];
        real ak = (big - lambda * prefix) / denom;
        real shift = lambda * ak;
        if (!(ak >= R(0) && sorted[k - 1] - shift > R(0) && (k == d || sorted[k] <= shift))) {
            continue;
        }
        real tailK = k == d ? R(0) : tail[k];
        real l1 = prefix - (real) k * shift;
        real obj = R(0.5) * (ak - big) * (ak - big) + R(0.5) * (real) k * shift * shift + R(0.5) * tailK
                 + shift * l1;
        if (obj < best) {
            best = obj;
            support = k;
            outer = ak;
            shiftBest = shift;
            pathBest = ak * l1;
        }
    }
    objTerms[i] = best;
    pathTerms[i] = pathBest;
    if (!writeResult) {
        return;
    }
    aOut[i] = (a0[i] < R(0) && outer != R(0)) ? -outer : outer;
    for (int t = 0; t < d; t++) {
        real v = row[t];
        real mag = support == -1 ? fabs(v) : (support == 0 ? R(0) : fmax(fabs(v) - shiftBest, R(0)));
        wOut[i * d + t] = v < R(0) ? -mag : mag;
    }
}

/* ---- projection.cl ---- */
/*
 * projection.cl: the pieces of the projections onto {||theta||_P <= R} (MATH.md 5.2) that are
 * not the prox: scaling, the distance moved, and the l1-outer projection (balance each neuron
 * to |w_i|_1 = 1, then project u_i = a_i |w_i|_1 onto the l1 ball of radius R / s).
 */

/*
 * a *= factor and, when scaleW, W *= factor: work-item e (GLOBAL_ID(0)) scales W's entry e
 * (e < m d) and, for e < m, a_e. Items past max(m d, m) do nothing.
 */
KERNEL void scale_params(GLOBAL real* RESTRICT w, GLOBAL real* RESTRICT a, int m, int d, real factor, int scaleW) {
    int e = GLOBAL_ID(0);
    if (scaleW && e < m * d) {
        w[e] *= factor;
    }
    if (e < m) {
        a[e] *= factor;
    }
}

/*
 * terms[i] = |w_i - w0_i|^2 + (a_i - a0_i)^2: work-item i (GLOBAL_ID(0)) per neuron; items
 * past m do nothing. sum_reduce then gives the squared distance.
 */
KERNEL void distance_terms(GLOBAL const real* RESTRICT w, GLOBAL const real* RESTRICT a,
                           GLOBAL const real* RESTRICT w0, GLOBAL const real* RESTRICT a0, int m, int d,
                           GLOBAL real* RESTRICT terms) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real da = a[i] - a0[i];
    real acc = da * da;
    for (int t = 0; t < d; t++) {
        real x = w[i * d + t] - w0[i * d + t];
        acc += x * x;
    }
    terms[i] = acc;
}

/*
 * Balancing: work-item i (GLOBAL_ID(0)) sets u[i] = a_i |w_i|_1, rowL1[i] = |w_i|_1 and
 * w_i /= |w_i|_1 in place. A zero neuron (|w_i|_1 = 0) gets u[i] = 0 and stays as it is
 * (it carries no path norm). Items past m do nothing.
 */
KERNEL void l1_balance(GLOBAL real* RESTRICT w, GLOBAL const real* RESTRICT a, int m, int d,
                       GLOBAL real* RESTRICT u, GLOBAL real* RESTRICT rowL1) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real l1 = R(0);
    for (int t = 0; t < d; t++) {
        l1 += fabs(w[i * d + t]);
    }
    rowL1[i] = l1;
    if (l1 > R(0)) {
        for (int t = 0; t < d; t++) {
            w[i * d + t] /= l1;
        }
    }
    u[i] = l1 > R(0) ? a[i] * l1 : R(0);
}

/*
 * The soft threshold tau of the l1-ball projection of u (length m) onto radius: one
 * work-item (launch with global size 1). If sum |u_i| <= radius, tau = 0. Otherwise |u| is
 * sorted decreasing into scratch (length m), rho = the last j with
 * sorted_j > (S_j - radius) / j, and tau = (S_rho - radius) / rho (radius = 0: tau = max |u_i|),
 * as dev.barron.math.L1BallProjection. Writes tau to out[0].
 */
KERNEL void l1_ball_threshold(GLOBAL const real* RESTRICT u, int m, real radius,
                              GLOBAL real* RESTRICT scratch, GLOBAL real* RESTRICT out) {
    if (GLOBAL_ID(0) != 0) {
        return;
    }
    real total = R(0);
    for (int i = 0; i < m; i++) {
        scratch[i] = fabs(u[i]);
        total += scratch[i];
    }
    if (total <= radius) {
        out[0] = R(0);
        return;
    }
    barron_sort_decreasing(scratch, m);
    if (radius == R(0)) {
        out[0] = scratch[0];      /* every |u_i| shrinks to 0 */
        return;
    }
    real cum = R(0);
    real tau = R(0);
    for (int j = 1; j <= m; j++) {
        cum += scratch[j - 1];
        real t = (cum - radius) / (real) j;
        if (!(scratch[j - 1] - t > R(0))) {
            break;
        }
        tau = t;
    }
    out[0] = tau;
}

/*
 * a_i = sign(u_i) max(|u_i| - tau, 0) for the neurons with rowL1[i] > 0 (zero neurons keep
 * their a_i): work-item i (GLOBAL_ID(0)); tau read from tauBuf[0]; items past m do nothing.
 */
KERNEL void l1_apply(GLOBAL const real* RESTRICT u, GLOBAL const real* RESTRICT tauBuf,
                     GLOBAL const real* RESTRICT rowL1, int m, GLOBAL real* RESTRICT a) {
    int i = GLOBAL_ID(0);
    if (i >= m || !(rowL1[i] > R(0))) {
        return;
    }
    real mag = fabs(u[i]) - tauBuf[0];
    a[i] = mag > R(0) ? (u[i] < R(0) ? -mag : mag) : R(0);
}

/* ---- tornado_entries.cl ---- */
/*
 * tornado_entries.cl: TornadoVM's calling convention for the kernels of the other files. Thin
 * entry points only: every tornado_<name> unwraps TornadoVM's arguments and calls the kernel
 * <name> as a function, so no kernel body is written twice. The JOCL driver never compiles
 * this file's contents (all of it is guarded by the BARRON_TORNADO build option); the TornadoVM
 * driver appends it to the program and builds with -DBARRON_TORNADO -DBARRON_ARRAY_HEADER=<bytes>.
 *
 * TornadoVM's convention for a prebuilt OpenCL kernel (TornadoVM 5.x, OCLInstalledCode):
 *  - four leading arguments: the kernel context, the constant region, the local region and
 *    the atomics buffer (unused here);
 *  - every array argument points at the array's header; its data start
 *    TornadoNativeArray.ARRAY_HEADER bytes in (BARRON_ARRAY_HEADER, 16 with compressed oops);
 *  - scalars are baked into the task graph when it is built, so a scalar that changes from one
 *    execution to the next (learning rate, prox lambda, rescale factor, radius) is read from a
 *    small params array instead (BARRON_PARAM_* below), transferred with every execution.
 *
 * The driver's layout (dev.barron.backend.tornado.Layout): every device-resident buffer (W and
 * V, a and b, norms, Gram, coefficients, gradient, candidates, batch work) lives in ONE
 * TornadoVM array, "state", at offsets; an entry takes it once, with the offsets of the buffers
 * its kernel reads and writes. Two limits of TornadoVM 5.2 force this: a task graph launches its
 * first prebuilt task's kernel for every prebuilt task in it (so every graph holds one task), and
 * a graph consumes from the device only what the previously executed graph held (so one array,
 * held by every graph, carries all state from graph to graph). Inputs that change per execution
 * (the batch, params) and small outputs (stats, read-backs) are separate arrays.
 *
 * Kernels with local memory (tiled products, group reductions) are reached through their
 * <name>_body functions, with the local arrays declared here, in the entry, as OpenCL C requires
 * (calling a __kernel that declares __local arrays from another kernel is implementation-defined,
 * and on PoCL its local arrays were shared between concurrent work-groups: wrong sums). Kernels
 * without local memory are called directly, as OpenCL C allows.
 */
#ifdef BARRON_TORNADO

#ifndef BARRON_ARRAY_HEADER
#error "the TornadoVM driver must define BARRON_ARRAY_HEADER (TornadoNativeArray.ARRAY_HEADER)"
#endif

#define TORNADO_ARGS GLOBAL long* _kernel_context, __constant uchar* _constant_region, \
                     LOCAL uchar* _local_region, GLOBAL int* _atomics
/* The data of a TornadoVM array argument. */
#define TDATA(p) ((GLOBAL real*) ((p) + BARRON_ARRAY_HEADER))
/* The buffer at offset off (in reals) of the state array. */
#define ST(off) (TDATA(state) + (off))

/* The local arrays of the *_body functions, sized as their JOCL entry points size them. */
#define TORNADO_SLABS LOCAL real slabA[BARRON_SLAB_A_SIZE]; LOCAL real slabB[BARRON_SLAB_B_SIZE]
#define TORNADO_GROUP_BUFS LOCAL real bufS[BARRON_GROUP]; LOCAL real bufC[BARRON_GROUP]
#define TORNADO_REDUCE_BUFS LOCAL real bufS[BARRON_REDUCE]; LOCAL real bufC[BARRON_REDUCE]

/* Slots of the params array: the scalars that change between executions of one task graph. */
#define BARRON_PARAM_LR 0
#define BARRON_PARAM_LAMBDA 1
#define BARRON_PARAM_FACTOR 2
#define BARRON_PARAM_RADIUS 3

/*
 * Data movement of the driver (no kernel body of the other files does this). One work-item per
 * element e (GLOBAL_ID(0)); items past the count do nothing.
 *   tornado_copy_in:   state[dstOff + e] = src[e], e < n          (a per-execution input into the state)
 *   tornado_move:      state[dstOff + e] = state[srcOff + e], e < n (regions must not overlap)
 *   tornado_gather2:   out = state[off1 .. off1 + n1) ++ state[off2 .. off2 + n2)   (read-backs)
 *   tornado_scatter2:  state[off1 .. off1 + n1) ++ state[off2 .. off2 + n2) = in     (write)
 *   tornado_touch:     nothing; a task for a graph that only has to hold the state
 */
KERNEL void tornado_copy_in(TORNADO_ARGS, GLOBAL uchar* src, GLOBAL uchar* state, int dstOff, int n) {
    int e = GLOBAL_ID(0);
    if (e < n) {
        ST(dstOff)[e] = TDATA(src)[e];
    }
}

KERNEL void tornado_move(TORNADO_ARGS, GLOBAL uchar* state, int srcOff, int dstOff, int n) {
    int e = GLOBAL_ID(0);
    if (e < n) {
        ST(dstOff)[e] = ST(srcOff)[e];
    }
}

KERNEL void tornado_gather2(TORNADO_ARGS, GLOBAL uchar* state, int off1, int n1, int off2, int n2,
                            GLOBAL uchar* out) {
    int e = GLOBAL_ID(0);
    if (e < n1) {
        TDATA(out)[e] = ST(off1)[e];
    } else if (e < n1 + n2) {
        TDATA(out)[e] = ST(off2)[e - n1];
    }
}

KERNEL void tornado_scatter2(TORNADO_ARGS, GLOBAL uchar* in, GLOBAL uchar* state, int off1, int n1, int off2,
                             int n2) {
    int e = GLOBAL_ID(0);
    if (e < n1) {
        ST(off1)[e] = TDATA(in)[e];
    } else if (e < n1 + n2) {
        ST(off2)[e - n1] = TDATA(in)[e];
    }
}

KERNEL void tornado_touch(TORNADO_ARGS, GLOBAL uchar* state) {
}

/* ---- the kernels of the other files, on buffers of the state ---- */

KERNEL void tornado_gram(TORNADO_ARGS, GLOBAL uchar* state, int pOff, int pRow0, int qOff, int qRow0, int gOff,
                         int rowsP, int rowsQ, int d) {
    TORNADO_SLABS;
    gram_body(ST(pOff), pRow0, ST(qOff), qRow0, ST(gOff), rowsP, rowsQ, d, slabA, slabB);
}

KERNEL void tornado_row_norms(TORNADO_ARGS, GLOBAL uchar* state, int uOff, int row0, int d, int normsOff) {
    TORNADO_GROUP_BUFS;
    row_norms_body(ST(uOff), row0, d, ST(normsOff), bufS, bufC);
}

KERNEL void tornado_pair_coefficients(TORNADO_ARGS, GLOBAL uchar* state, int gOff, int uOff, int normsOff,
                                      int abOff, int m, real s, int rowOff, int colOff, int nc, int d, int act,
                                      int coefOff, int rowLossOff, int gradAOff, int rowScaleOff) {
    TORNADO_GROUP_BUFS;
    pair_coefficients_body(ST(gOff), ST(uOff), ST(normsOff), ST(abOff), m, s, rowOff, colOff, nc, d, act,
                           ST(coefOff), ST(rowLossOff), ST(gradAOff), ST(rowScaleOff), bufS, bufC);
}

KERNEL void tornado_gradient_assembly(TORNADO_ARGS, GLOBAL uchar* state, int coefOff, int uOff, int rowScaleOff,
                                      int m, int nc, int d, int gradWOff) {
    TORNADO_SLABS;
    gradient_assembly_body(ST(coefOff), ST(uOff), ST(rowScaleOff), m, nc, d, ST(gradWOff), slabA, slabB);
}

/* step_stats into the separate stats array (downloaded by the same task graph). */
KERNEL void tornado_step_stats(TORNADO_ARGS, GLOBAL uchar* state, int lossOff, int nParts, int gradRowNormsOff,
                               int m, int gradAOff, int includeOuter, GLOBAL uchar* stats) {
    TORNADO_REDUCE_BUFS;
    step_stats_body(ST(lossOff), nParts, ST(gradRowNormsOff), m, ST(gradAOff), includeOuter, TDATA(stats), bufS,
                    bufC);
}

KERNEL void tornado_hidden_layer(TORNADO_ARGS, GLOBAL uchar* state, int xOff, int wOff, int aOff, real s, int n,
                                 int m, int d, int act, int hOff, int derivOff, int wantDerivative) {
    TORNADO_SLABS;
    hidden_layer_body(ST(xOff), ST(wOff), ST(aOff), s, n, m, d, act, ST(hOff), ST(derivOff), wantDerivative, slabA,
                      slabB);
}

/* output_layer with the targets y in a separate array (uploaded with every execution). */
KERNEL void tornado_output_layer(TORNADO_ARGS, GLOBAL uchar* state, int hOff, int aOff, real s, int n, int m,
                                 GLOBAL uchar* y, int hasTarget, real lossScale, int outOff, int lossOff) {
    TORNADO_GROUP_BUFS;
    output_layer_body(ST(hOff), ST(aOff), s, n, m, TDATA(y), hasTarget, lossScale, ST(outOff), ST(lossOff), bufS,
                      bufC);
}

KERNEL void tornado_backprop_scale(TORNADO_ARGS, GLOBAL uchar* state, int derivOff, int eOff, int n, int m,
                                   real invN) {
    backprop_scale(ST(derivOff), ST(eOff), n, m, invN);
}

KERNEL void tornado_matmul_strided(TORNADO_ARGS, GLOBAL uchar* state, int aOff, int sai, int sat, int bOff,
                                   int sbt, int sbj, int cOff, int ldc, int rows, int cols, int inner, real scale) {
    TORNADO_SLABS;
    matmul_strided_body(ST(aOff), sai, sat, ST(bOff), sbt, sbj, ST(cOff), ldc, rows, cols, inner, scale, slabA,
                        slabB);
}

KERNEL void tornado_outer_gradient(TORNADO_ARGS, GLOBAL uchar* state, int hOff, int eOff, int n, int m,
                                   real scale, int gradAOff) {
    outer_gradient(ST(hOff), ST(eOff), n, m, scale, ST(gradAOff));
}

/* gd_update with the learning rate from params[BARRON_PARAM_LR]. */
KERNEL void tornado_gd_update(TORNADO_ARGS, GLOBAL uchar* state, int wOff, int gradWOff, int aOff, int gradAOff,
                              int d, GLOBAL uchar* params, int trainOuter, int normsOff) {
    TORNADO_GROUP_BUFS;
    gd_update_body(ST(wOff), ST(gradWOff), ST(aOff), ST(gradAOff), d, TDATA(params)[BARRON_PARAM_LR], trainOuter,
                   ST(normsOff), bufS, bufC);
}

/* sum_reduce into state[outOff] (parts and the result are disjoint regions of the state). */
KERNEL void tornado_sum_reduce(TORNADO_ARGS, GLOBAL uchar* state, int partsOff, int n, int outOff) {
    TORNADO_REDUCE_BUFS;
    sum_reduce_body(ST(partsOff), n, ST(outOff), 0, bufS, bufC);
}

KERNEL void tornado_path_norm_terms(TORNADO_ARGS, GLOBAL uchar* state, int wOff, int aOff, int m, int d,
                                    int termsOff) {
    path_norm_terms(ST(wOff), ST(aOff), m, d, ST(termsOff));
}

/* prox_neurons with lambda (already times s) from params[BARRON_PARAM_LAMBDA]. */
KERNEL void tornado_prox_neurons(TORNADO_ARGS, GLOBAL uchar* state, int w0Off, int a0Off, int m, int d,
                                 GLOBAL uchar* params, int scratchOff, int sortedReady, int writeResult,
                                 int wOutOff, int aOutOff, int objOff, int pathOff) {
    prox_neurons(ST(w0Off), ST(a0Off), m, d, TDATA(params)[BARRON_PARAM_LAMBDA], ST(scratchOff), sortedReady,
                 writeResult, ST(wOutOff), ST(aOutOff), ST(objOff), ST(pathOff));
}

/* scale_params with the factor from params[BARRON_PARAM_FACTOR]. */
KERNEL void tornado_scale_params(TORNADO_ARGS, GLOBAL uchar* state, int wOff, int aOff, int m, int d,
                                 GLOBAL uchar* params, int scaleW) {
    scale_params(ST(wOff), ST(aOff), m, d, TDATA(params)[BARRON_PARAM_FACTOR], scaleW);
}

KERNEL void tornado_distance_terms(TORNADO_ARGS, GLOBAL uchar* state, int wOff, int aOff, int w0Off, int a0Off,
                                   int m, int d, int termsOff) {
    distance_terms(ST(wOff), ST(aOff), ST(w0Off), ST(a0Off), m, d, ST(termsOff));
}

KERNEL void tornado_l1_balance(TORNADO_ARGS, GLOBAL uchar* state, int wOff, int aOff, int m, int d, int uOff,
                               int rowL1Off) {
    l1_balance(ST(wOff), ST(aOff), m, d, ST(uOff), ST(rowL1Off));
}

/* l1_ball_threshold with the radius (already divided by s) from params[BARRON_PARAM_RADIUS]. */
KERNEL void tornado_l1_ball_threshold(TORNADO_ARGS, GLOBAL uchar* state, int uOff, int m, GLOBAL uchar* params,
                                      int scratchOff, int outOff) {
    l1_ball_threshold(ST(uOff), m, TDATA(params)[BARRON_PARAM_RADIUS], ST(scratchOff), ST(outOff));
}

KERNEL void tornado_l1_apply(TORNADO_ARGS, GLOBAL uchar* state, int uOff, int tauOff, int rowL1Off, int m,
                             int aOff) {
    l1_apply(ST(uOff), ST(tauOff), ST(rowL1Off), m, ST(aOff));
}

KERNEL void tornado_pair_angles(TORNADO_ARGS, GLOBAL uchar* state, int gOff, int uOff, int normsOff, int rowOff,
                                int nr, int colOff, int nc, int d, int thetaOff) {
    pair_angles(ST(gOff), ST(uOff), ST(normsOff), rowOff, nr, colOff, nc, d, ST(thetaOff));
}

#endif /* BARRON_TORNADO */

