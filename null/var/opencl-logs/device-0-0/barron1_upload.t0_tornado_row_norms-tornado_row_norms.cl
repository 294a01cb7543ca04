/* ---- barron_portability.h ---- */
/*
 * barron_portability.h: the one place where OpenCL C and CUDA C differ for Barron's kernels.
 *
 * Every kernels/*.cl file is written against these macros only, so the same bodies compile
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
    for (int half = size / 2; half > 0; half >>= 1) {
        if (lane < half) {
            real s1 = bufS[lane];
            real c1 = bufC[lane];
            barron_kahan_add(&s1, &c1, bufS[lane + half]);
            bufS[lane] = s1;
            bufC[lane] = c1 + bufC[lane + half];
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
    for (int half = size / 2; half > 0; half >>= 1) {
        if (lane < half) {
            buf[lane] = fmax(buf[lane], buf[lane + half]);
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
KERNEL void sum_reduce(GLOBAL const real* RESTRICT parts, int n, GLOBAL real* RESTRICT out, int outIndex) {
    LOCAL real bufS[BARRON_REDUCE];
    LOCAL real bufC[BARRON_REDUCE];
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

/*
 * The scalars a training step reports, in one work-group of BARRON_REDUCE work-items:
 *   stats[0] = sum of lossParts[0 .. nParts)            (the loss, compensated and pairwise)
 *   stats[1] = max_i |gradW row i|                      (m rows of length d)
 *   stats[2] = sqrt(|gradW|_F^2 + (includeOuter ? |gradA|^2 : 0))
 * Lane l handles rows l, l + BARRON_REDUCE, ...; rows past m and m < group size are guarded.
 */
KERNEL void step_stats(GLOBAL const real* RESTRICT lossParts, int nParts, GLOBAL const real* RESTRICT gradW,
                       int m, int d, GLOBAL const real* RESTRICT gradA, int includeOuter,
                       GLOBAL real* RESTRICT stats) {
    LOCAL real bufS[BARRON_REDUCE];
    LOCAL real bufC[BARRON_REDUCE];
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
        real row = R(0);
        for (int t = 0; t < d; t++) {
            real g = gradW[i * d + t];
            row += g * g;
        }
        maxRow = fmax(maxRow, sqrt(row));
        barron_kahan_add(&sq, &sqc, row);
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
 * A zero row gives theta = pi/2 (the relu'(0) = 1/2 convention of MATH.md 2).
 * Outputs theta in [0, pi], cos theta, and sin theta >= 0.
 */

#define BARRON_GRAM_COS_LIMIT R(0.99)

DEVICE_FN void barron_stable_angle(real dot, real normP, real normQ, GLOBAL const real* RESTRICT rowP,
                                   GLOBAL const real* RESTRICT rowQ, int d,
                                   real* theta, real* cosTheta, real* sinTheta) {
    if (normP == R(0) || normQ == R(0)) {
        *theta = R(0.5) * BARRON_PI;
        *cosTheta = R(0);
        *sinTheta = R(1);
        return;
    }
    real c = fmin(R(1), fmax(R(-1), dot / (normP * normQ)));
    if (fabs(c) <= BARRON_GRAM_COS_LIMIT) {
        *theta = acos(c);
        *cosTheta = c;
        *sinTheta = sqrt((R(1) - c) * (R(1) + c));
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
 *   step:         kappa(0, v) = 0; gradient 0 where sin theta = 0 (theta = 0 or pi);
 *   v = 0:        kappa = alpha = beta = 0 for every activation.
 * The self pair is theta = 0, cos = 1, sin = 0, whose (alpha + beta) w is the partial
 * derivative in the first argument.
 */

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
            if (s == R(0)) {
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
        *kappa = BARRON_TWO_OVER_PI * asin(z);
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

/* ---- gram.cl ---- */
/*
 * gram.cl: Gram matrices of rows, G = P Q^T with P (p x d) and Q (q x d) row-major:
 * G[i, j] = <p_i, q_j>. Called as W [W; V]^T (one product gives W W^T and W V^T side by side,
 * m x (m + k)) and as V V^T for the teacher's constant term.
 * Work-item (GLOBAL_ID(1) = i, GLOBAL_ID(0) = j) computes G[i, j] through the tiled body of
 * matmul.cl; ragged tiles (p, q or d not a multiple of the tile, d = 1) read zeros and do not store.
 */
KERNEL void gram(GLOBAL const real* RESTRICT p, GLOBAL const real* RESTRICT q, GLOBAL real* RESTRICT g,
                 int rowsP, int rowsQ, int d) {
    LOCAL real tileA[BARRON_TILE * BARRON_TILE_LD];
    LOCAL real tileB[BARRON_TILE * BARRON_TILE_LD];
    real acc = barron_tile_product(p, d, 1, q, 1, d, rowsP, rowsQ, d, tileA, tileB);
    int i = GLOBAL_ID(1);
    int j = GLOBAL_ID(0);
    if (i < rowsP && j < rowsQ) {
        g[i * rowsQ + j] = acc;
    }
}

/* ---- forward.cl ---- */
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
        real half = ((pr < m) == (pc < m)) ? R(0.5) : R(1);
        barron_kahan_add(&lossS, &lossC, half * qc * kappa);
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
    barron_stable_angle(g[r * nc + c], norms[pr], norms[pc], u + pr * d, u + pc * d, d, &th, &cs, &sn);
    theta[r * nc + c] = th;
}

/* ---- update.cl ---- */
/*
 * update.cl: row norms and the gradient-descent update, fused with the norms the next
 * evaluation's angles need.
 */

/*
 * norms[r] = |u_r| for rows r < rows of u (rows x d): one work-group of BARRON_GROUP work-items
 * per row (GROUP_ID(0) = r), lanes stride over d, pairwise combination. A zero row gives 0.
 */
KERNEL void row_norms(GLOBAL const real* RESTRICT u, int d, GLOBAL real* RESTRICT norms) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
    int r = GROUP_ID(0);
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

/*
 * One GD step, fused: w_i -= lr gradW_i, and (when trainOuter) a_i -= lr gradA_i, and the new
 * |w_i| into norms[i], so the next evaluation needs no separate norm pass.
 * One work-group of BARRON_GROUP work-items per student row i (GROUP_ID(0) = i); lanes stride
 * over d (d below the group size leaves lanes idle); lane 0 updates a_i and writes the norm.
 */
KERNEL void gd_update(GLOBAL real* RESTRICT w, GLOBAL const real* RESTRICT gradW, GLOBAL real* RESTRICT a,
                      GLOBAL const real* RESTRICT gradA, int d, real lr, int trainOuter,
                      GLOBAL real* RESTRICT norms) {
    LOCAL real bufS[BARRON_GROUP];
    LOCAL real bufC[BARRON_GROUP];
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

/* ---- pathnorm.cl ---- */
/*
 * pathnorm.cl: per-neuron terms of the l1 path norm ||theta||_P = s sum_i |a_i| |w_i|_1
 * (MATH.md 5); sum_reduce adds them. Work-item i (GLOBAL_ID(0)) owns neuron i and runs over
 * its d weights; items past m do nothing. A zero neuron contributes 0.
 */
KERNEL void path_norm_terms(GLOBAL const real* RESTRICT w, GLOBAL const real* RESTRICT a, int m, int d, real s,
                            GLOBAL real* RESTRICT terms) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real l1 = R(0);
    for (int t = 0; t < d; t++) {
        l1 += fabs(w[i * d + t]);
    }
    terms[i] = s * fabs(a[i]) * l1;
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
 * (m x d), scans the candidates with running prefix sums, and writes the proximal (w_i, a_i)
 * to wOut, aOut, its objective 1/2 (a - a0)^2 + 1/2 |w - w0|^2 + lambda |a| |w|_1 (evaluated
 * from the result) to objTerms[i], and s |a| |w|_1 to normTerms[i]. lambda = lambda * s for the
 * mean-field scaling (the caller passes it so). Edges: lambda = 0 returns the input; a zero
 * neuron stays zero; d = 1 has a single candidate k = 1. Items past m do nothing.
 */
KERNEL void prox_neurons(GLOBAL const real* RESTRICT w0, GLOBAL const real* RESTRICT a0, int m, int d,
                         real lambda, real s, GLOBAL real* RESTRICT scratch,
                         GLOBAL real* RESTRICT wOut, GLOBAL real* RESTRICT aOut,
                         GLOBAL real* RESTRICT objTerms, GLOBAL real* RESTRICT normTerms) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    GLOBAL const real* row = w0 + i * d;
    GLOBAL real* sorted = scratch + i * d;
    real qd = R(0);
    for (int t = 0; t < d; t++) {
        sorted[t] = fabs(row[t]);
        qd += row[t] * row[t];
    }
    barron_sort_decreasing(sorted, d);
    real bigA = fabs(a0[i]);
    real best = R(0.5) * bigA * bigA;
    int mode = 0;            /* 0: (0, W); 1: (A, 0); 2: shrink by lambda * aBest */
    real aBest = R(0);
    real sk = R(0);
    real qk = R(0);
    real lam2 = lambda * lambda;
    if (R(0.5) * qd < best) {
        best = R(0.5) * qd;
        mode = 1;
    }
    for (int k = 1; k <= d; k++) {
        real denom = R(1) - (real) k * lam2;
        if (!(denom > R(0))) {
            break;
        }
        real wk = sorted[k - 1];
        sk += wk;
        qk += wk * wk;
        real ak = (bigA - lambda * sk) / denom;
        real thr = lambda * ak;
        if (ak >= R(0) && wk - thr > R(0) && (k == d || sorted[k] <= thr)) {
            real da = ak - bigA;
            real obj = R(0.5) * da * da + R(0.5) * (real) k * thr * thr + R(0.5) * (qd - qk)
                     + thr * (sk - (real) k * thr);
            if (obj < best) {
                best = obj;
                mode = 2;
                aBest = ak;
            }
        }
    }
    real aNew = mode == 0 ? R(0) : (mode == 1 ? bigA : aBest);
    aNew = a0[i] < R(0) ? -aNew : aNew;
    real thr = lambda * aBest;
    real dist = (aNew - a0[i]) * (aNew - a0[i]);
    real l1 = R(0);
    for (int t = 0; t < d; t++) {
        real x = row[t];
        real y;
        if (mode == 0) {
            y = x;
        } else if (mode == 1) {
            y = R(0);
        } else {
            real mag = fabs(x) - thr;
            y = mag > R(0) ? (x < R(0) ? -mag : mag) : R(0);
        }
        wOut[i * d + t] = y;
        dist += (y - x) * (y - x);
        l1 += fabs(y);
    }
    aOut[i] = aNew;
    objTerms[i] = R(0.5) * dist + lambda * fabs(aNew) * l1;
    normTerms[i] = s * fabs(aNew) * l1;
}

/* ---- projection.cl ---- */
/*
 * projection.cl: the pieces of the projections onto {||theta||_P <= R} (MATH.md 5.2) that are
 * not the prox: scaling, the distance moved, and the l1-outer projection (balance each neuron
 * to |w_i|_1 = 1, then project u_i = a_i |w_i|_1 onto the l1 ball of radius R / s).
 */

/*
 * W *= factor and a *= factor: work-item e (GLOBAL_ID(0)) scales W's entry e (e < m d) and,
 * for e < m, a_e. Items past m d do nothing.
 */
KERNEL void scale_params(GLOBAL real* RESTRICT w, GLOBAL real* RESTRICT a, int m, int d, real factor) {
    int e = GLOBAL_ID(0);
    if (e < m * d) {
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
 * Balancing: work-item i (GLOBAL_ID(0)) sets u[i] = a_i |w_i|_1 and w_i /= |w_i|_1 in place.
 * A zero neuron (|w_i|_1 = 0) gets u[i] = 0 and stays zero. Items past m do nothing.
 */
KERNEL void l1_balance(GLOBAL real* RESTRICT w, GLOBAL const real* RESTRICT a, int m, int d,
                       GLOBAL real* RESTRICT u) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real l1 = R(0);
    for (int t = 0; t < d; t++) {
        l1 += fabs(w[i * d + t]);
    }
    if (l1 > R(0)) {
        real inv = R(1) / l1;
        for (int t = 0; t < d; t++) {
            w[i * d + t] *= inv;
        }
    }
    u[i] = a[i] * l1;
}

/*
 * The soft threshold tau of the l1-ball projection of u (length m) onto radius: one
 * work-item (launch with global size 1). If sum |u_i| <= radius, tau = 0. Otherwise |u| is
 * sorted decreasing into scratch (length m), rho = the last j with
 * sorted_j > (S_j - radius) / j, and tau = (S_rho - radius) / rho. Writes tau to out[0].
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
    real cum = R(0);
    real tau = R(0);
    for (int j = 1; j <= m; j++) {
        cum += scratch[j - 1];
        real t = (cum - radius) / (real) j;
        if (scratch[j - 1] > t) {
            tau = t;
        }
    }
    out[0] = tau;
}

/*
 * a_i = sign(u_i) max(|u_i| - tau, 0): work-item i (GLOBAL_ID(0)); tau read from tauBuf[0];
 * items past m do nothing.
 */
KERNEL void l1_apply(GLOBAL const real* RESTRICT u, GLOBAL const real* RESTRICT tauBuf, int m,
                     GLOBAL real* RESTRICT a) {
    int i = GLOBAL_ID(0);
    if (i >= m) {
        return;
    }
    real mag = fabs(u[i]) - tauBuf[0];
    a[i] = mag > R(0) ? (u[i] < R(0) ? -mag : mag) : R(0);
}

/* ---- tornado_entries.cl ---- */
/*
 * tornado_entries.cl: TornadoVM's calling convention for the kernels above. Thin entry
 * points only: every tornado_<name> unwraps TornadoVM's arguments and calls the kernel <name>
 * of the other files, so no kernel body is written twice. The JOCL driver never sees this
 * file's contents (everything is inside #ifdef BARRON_TORNADO); the TornadoVM driver appends
 * it to the program and builds with -DBARRON_TORNADO -DBARRON_ARRAY_HEADER=<bytes>.
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
 * An entry calls a __kernel function as an ordinary function. OpenCL C allows that; for the
 * callees that declare __local arrays (the tiled products and group reductions) the standard
 * leaves it implementation-defined (OpenCL C 2.0, 6.9). PoCL runs it (tested by the TornadoVM
 * backend tests); on another OpenCL driver the backend tests are the check.
 */
#ifdef BARRON_TORNADO

#ifndef BARRON_ARRAY_HEADER
#error "the TornadoVM driver must define BARRON_ARRAY_HEADER (TornadoNativeArray.ARRAY_HEADER)"
#endif

#define TORNADO_ARGS GLOBAL long* _kernel_context, __constant uchar* _constant_region, \
                     LOCAL uchar* _local_region, GLOBAL int* _atomics
/* The data of a TornadoVM array argument. */
#define TDATA(p) ((GLOBAL real*) ((p) + BARRON_ARRAY_HEADER))

/* Slots of the params array: the scalars that change between executions of one task graph. */
#define BARRON_PARAM_LR 0
#define BARRON_PARAM_LAMBDA 1
#define BARRON_PARAM_FACTOR 2
#define BARRON_PARAM_RADIUS 3

/*
 * dst[dstOff + e] = src[srcOff + e] for e < n: work-item e (GLOBAL_ID(0)); items past n do
 * nothing. TornadoVM has no device-to-device copy in a task graph, JOCL uses clEnqueueCopyBuffer.
 */
KERNEL void tornado_copy(TORNADO_ARGS, GLOBAL uchar* src, int srcOff, GLOBAL uchar* dst, int dstOff, int n) {
    int e = GLOBAL_ID(0);
    if (e < n) {
        TDATA(dst)[dstOff + e] = TDATA(src)[srcOff + e];
    }
}

/*
 * Names arrays so that a task graph can move them to the host; computes nothing. TornadoVM
 * moves data only around tasks, and a read-back of device-resident state needs a graph.
 */
KERNEL void tornado_touch(TORNADO_ARGS, GLOBAL uchar* a, GLOBAL uchar* b, GLOBAL uchar* c) {
}

/* gram on row blocks: p and q start pRow and qRow rows (of length d) into their arrays. */
KERNEL void tornado_gram(TORNADO_ARGS, GLOBAL uchar* p, int pRow, GLOBAL uchar* q, int qRow, GLOBAL uchar* g,
                         int rowsP, int rowsQ, int d) {
    gram(TDATA(p) + pRow * d, TDATA(q) + qRow * d, TDATA(g), rowsP, rowsQ, d);
}

/* row_norms for rows first, first + 1, ... of u into norms[first ..]. */
KERNEL void tornado_row_norms(TORNADO_ARGS, GLOBAL uchar* u, int first, int d, GLOBAL uchar* norms) {
    row_norms(TDATA(u) + first * d, d, TDATA(norms) + first);
}

KERNEL void tornado_pair_coefficients(TORNADO_ARGS, GLOBAL uchar* g, GLOBAL uchar* u, GLOBAL uchar* norms,
                                      GLOBAL uchar* ab, int m, real s, int rowOff, int colOff, int nc, int d,
                                      int act, GLOBAL uchar* coef, GLOBAL uchar* rowLoss, GLOBAL uchar* gradA,
                                      GLOBAL uchar* rowScale) {
    pair_coefficients(TDATA(g), TDATA(u), TDATA(norms), TDATA(ab), m, s, rowOff, colOff, nc, d, act,
                      TDATA(coef), TDATA(rowLoss), TDATA(gradA), TDATA(rowScale));
}

KERNEL void tornado_gradient_assembly(TORNADO_ARGS, GLOBAL uchar* coef, GLOBAL uchar* u, GLOBAL uchar* rowScale,
                                      int m, int nc, int d, GLOBAL uchar* gradW) {
    gradient_assembly(TDATA(coef), TDATA(u), TDATA(rowScale), m, nc, d, TDATA(gradW));
}

KERNEL void tornado_step_stats(TORNADO_ARGS, GLOBAL uchar* lossParts, int nParts, GLOBAL uchar* gradW, int m,
                               int d, GLOBAL uchar* gradA, int includeOuter, GLOBAL uchar* stats) {
    step_stats(TDATA(lossParts), nParts, TDATA(gradW), m, d, TDATA(gradA), includeOuter, TDATA(stats));
}

KERNEL void tornado_hidden_layer(TORNADO_ARGS, GLOBAL uchar* x, GLOBAL uchar* w, GLOBAL uchar* a, real s, int n,
                                 int m, int d, int act, GLOBAL uchar* h, GLOBAL uchar* deriv, int wantDerivative) {
    hidden_layer(TDATA(x), TDATA(w), TDATA(a), s, n, m, d, act, TDATA(h), TDATA(deriv), wantDerivative);
}

KERNEL void tornado_output_layer(TORNADO_ARGS, GLOBAL uchar* h, GLOBAL uchar* a, real s, int n, int m,
                                 GLOBAL uchar* y, int hasTarget, real lossScale, GLOBAL uchar* out,
                                 GLOBAL uchar* lossParts) {
    output_layer(TDATA(h), TDATA(a), s, n, m, TDATA(y), hasTarget, lossScale, TDATA(out), TDATA(lossParts));
}

KERNEL void tornado_backprop_scale(TORNADO_ARGS, GLOBAL uchar* deriv, GLOBAL uchar* e, int n, int m, real invN) {
    backprop_scale(TDATA(deriv), TDATA(e), n, m, invN);
}

KERNEL void tornado_matmul_strided(TORNADO_ARGS, GLOBAL uchar* a, int sai, int sat, GLOBAL uchar* b, int sbt,
                                   int sbj, GLOBAL uchar* c, int ldc, int rows, int cols, int inner, real scale) {
    matmul_strided(TDATA(a), sai, sat, TDATA(b), sbt, sbj, TDATA(c), ldc, rows, cols, inner, scale);
}

KERNEL void tornado_outer_gradient(TORNADO_ARGS, GLOBAL uchar* h, GLOBAL uchar* e, int n, int m, real scale,
                                   GLOBAL uchar* gradA) {
    outer_gradient(TDATA(h), TDATA(e), n, m, scale, TDATA(gradA));
}

/* gd_update with the learning rate from params[BARRON_PARAM_LR]. */
KERNEL void tornado_gd_update(TORNADO_ARGS, GLOBAL uchar* w, GLOBAL uchar* gradW, GLOBAL uchar* a,
                              GLOBAL uchar* gradA, int d, GLOBAL uchar* params, int trainOuter,
                              GLOBAL uchar* norms) {
    gd_update(TDATA(w), TDATA(gradW), TDATA(a), TDATA(gradA), d, TDATA(params)[BARRON_PARAM_LR], trainOuter,
              TDATA(norms));
}

KERNEL void tornado_sum_reduce(TORNADO_ARGS, GLOBAL uchar* parts, int n, GLOBAL uchar* out, int outIndex) {
    sum_reduce(TDATA(parts), n, TDATA(out), outIndex);
}

KERNEL void tornado_path_norm_terms(TORNADO_ARGS, GLOBAL uchar* w, GLOBAL uchar* a, int m, int d, real s,
                                    GLOBAL uchar* terms) {
    path_norm_terms(TDATA(w), TDATA(a), m, d, s, TDATA(terms));
}

/* prox_neurons with lambda (already multiplied by s) from params[BARRON_PARAM_LAMBDA]. */
KERNEL void tornado_prox_neurons(TORNADO_ARGS, GLOBAL uchar* w0, GLOBAL uchar* a0, int m, int d,
                                 GLOBAL uchar* params, real s, GLOBAL uchar* scratch, GLOBAL uchar* wOut,
                                 GLOBAL uchar* aOut, GLOBAL uchar* objTerms, GLOBAL uchar* normTerms) {
    prox_neurons(TDATA(w0), TDATA(a0), m, d, TDATA(params)[BARRON_PARAM_LAMBDA], s, TDATA(scratch), TDATA(wOut),
                 TDATA(aOut), TDATA(objTerms), TDATA(normTerms));
}

/* scale_params with the factor from params[BARRON_PARAM_FACTOR]. */
KERNEL void tornado_scale_params(TORNADO_ARGS, GLOBAL uchar* w, GLOBAL uchar* a, int m, int d,
                                 GLOBAL uchar* params) {
    scale_params(TDATA(w), TDATA(a), m, d, TDATA(params)[BARRON_PARAM_FACTOR]);
}

KERNEL void tornado_distance_terms(TORNADO_ARGS, GLOBAL uchar* w, GLOBAL uchar* a, GLOBAL uchar* w0,
                                   GLOBAL uchar* a0, int m, int d, GLOBAL uchar* terms) {
    distance_terms(TDATA(w), TDATA(a), TDATA(w0), TDATA(a0), m, d, TDATA(terms));
}

KERNEL void tornado_l1_balance(TORNADO_ARGS, GLOBAL uchar* w, GLOBAL uchar* a, int m, int d, GLOBAL uchar* u) {
    l1_balance(TDATA(w), TDATA(a), m, d, TDATA(u));
}

/* l1_ball_threshold with the radius (already divided by s) from params[BARRON_PARAM_RADIUS]. */
KERNEL void tornado_l1_ball_threshold(TORNADO_ARGS, GLOBAL uchar* u, int m, GLOBAL uchar* params,
                                      GLOBAL uchar* scratch, GLOBAL uchar* out) {
    l1_ball_threshold(TDATA(u), m, TDATA(params)[BARRON_PARAM_RADIUS], TDATA(scratch), TDATA(out));
}

KERNEL void tornado_l1_apply(TORNADO_ARGS, GLOBAL uchar* u, GLOBAL uchar* tauBuf, int m, GLOBAL uchar* a) {
    l1_apply(TDATA(u), TDATA(tauBuf), m, TDATA(a));
}

KERNEL void tornado_pair_angles(TORNADO_ARGS, GLOBAL uchar* g, GLOBAL uchar* u, GLOBAL uchar* norms, int rowOff,
                                int nr, int colOff, int nc, int d, GLOBAL uchar* theta) {
    pair_angles(TDATA(g), TDATA(u), TDATA(norms), rowOff, nr, colOff, nc, d, TDATA(theta));
}

#endif /* BARRON_TORNADO */

