/*
 * tornado_entries.cl: TornadoVM's calling conventions for the kernels of the other files. Thin
 * entry points only: every tornado_<name> unwraps TornadoVM's arguments and calls the kernel
 * <name> as a function, so no kernel body is written twice. The JOCL driver never compiles
 * this file's contents (all of it is guarded by the BARRON_TORNADO build option); the TornadoVM
 * driver appends it to the program and builds with -DBARRON_TORNADO -DBARRON_ARRAY_HEADER=<bytes>,
 * as OpenCL C for TornadoVM's OpenCL backend and, through nvcc, as CUDA C to PTX for its PTX
 * backend (dev.barron.backend.ptx).
 *
 * TornadoVM's conventions for a prebuilt kernel (TornadoVM 5.x):
 *  - leading arguments: OpenCL (OCLInstalledCode) passes four, the kernel context, the constant
 *    region, the local region and the atomics buffer (unused here); PTX (PTXDeviceContext) passes
 *    the kernel context only;
 *  - every array argument points at the array's header; its data start
 *    TornadoNativeArray.ARRAY_HEADER bytes in (BARRON_ARRAY_HEADER, 16 with compressed oops);
 *  - PTX packs the arguments into one buffer of 8-byte slots (CU_LAUNCH_PARAM_BUFFER_POINTER),
 *    each scalar as ((Number) value).longValue(): a 4-byte int parameter would misalign every
 *    parameter after it, and a Double would arrive truncated to an integer. So every scalar of
 *    an entry is a 64-bit integer (i64) on both backends, and a real scalar travels as its bit
 *    pattern (Double.doubleToRawLongBits; for float, the sign-extended Float.floatToRawIntBits),
 *    turned back into a real by TREAL. The OpenCL backend, which the tests run on PoCL, thereby
 *    exercises the same argument convention as the PTX backend;
 *  - scalars are baked into the task graph when it is built, so a scalar that changes from one
 *    execution to the next (learning rate, prox lambda and flags, rescale factor, radius) is read
 *    from a small params array instead (BARRON_PARAM_* below), transferred with every execution.
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
 * Every kernel is reached through its <name>_body function: CUDA does not let a kernel call a
 * kernel, and for kernels with local memory (tiled products, group reductions) the local arrays
 * must be declared here, in the entry, as OpenCL C requires (calling a __kernel that declares
 * __local arrays from another kernel is implementation-defined, and on PoCL its local arrays were
 * shared between concurrent work-groups: wrong sums).
 */
#ifdef BARRON_TORNADO

#ifndef BARRON_ARRAY_HEADER
#error "the TornadoVM driver must define BARRON_ARRAY_HEADER (TornadoNativeArray.ARRAY_HEADER)"
#endif

#ifdef __CUDACC__
#define TORNADO_ARGS GLOBAL i64* _kernel_context
#else
#define TORNADO_ARGS GLOBAL i64* _kernel_context, __constant uchar* _constant_region, \
                     LOCAL uchar* _local_region, GLOBAL int* _atomics
#endif
/* A real scalar argument, passed as its bits (see above). */
#define TREAL(bits) real_from_bits(bits)
/* The data of a TornadoVM array argument. */
#define TDATA(p) ((GLOBAL real*) ((p) + BARRON_ARRAY_HEADER))
/* The buffer at offset off (in reals) of the state array. */
#define ST(off) (TDATA(state) + (off))

/* The local arrays of the *_body functions, sized as their JOCL entry points size them. */
#define TORNADO_SLABS LOCAL real slabA[BARRON_SLAB_A_SIZE]; LOCAL real slabB[BARRON_SLAB_B_SIZE]
#define TORNADO_GROUP_BUFS LOCAL real bufS[BARRON_GROUP]; LOCAL real bufC[BARRON_GROUP]
#define TORNADO_REDUCE_BUFS LOCAL real bufS[BARRON_REDUCE]; LOCAL real bufC[BARRON_REDUCE]

/*
 * Slots of the params array, the scalars that change between executions of one task graph:
 * BARRON_PARAM_LR, _LAMBDA, _FACTOR, _RADIUS and prox_neurons' 0/1 flags _SORTED (the first prox
 * of a bisection sorts, the later ones reuse the sort) and _WRITE. Defined by the build, from
 * dev.barron.backend.program.ParamSlot, and nowhere here.
 */
#if !defined(BARRON_PARAM_LR) || !defined(BARRON_PARAM_LAMBDA) || !defined(BARRON_PARAM_FACTOR) \
    || !defined(BARRON_PARAM_RADIUS) || !defined(BARRON_PARAM_SORTED) || !defined(BARRON_PARAM_WRITE)
#error "build with the -D options of dev.barron.backend.program.KernelConstants (the params slots)"
#endif

/*
 * Data movement of the driver (no kernel body of the other files does this): the Write, Read and
 * Copy steps of dev.barron.backend.program.Step on buffers of the state. One work-item per
 * element e (GLOBAL_ID(0)); items past the count do nothing.
 *   tornado_copy_in: state[dstOff + e] = src[e]            (a host input, uploaded with the task)
 *   tornado_move:    state[dstOff + e] = state[srcOff + e] (regions must not overlap)
 *   tornado_gather:  out[e] = state[srcOff + e]            (a read-back, downloaded after the task)
 */
KERNEL void tornado_copy_in(TORNADO_ARGS, GLOBAL uchar* src, GLOBAL uchar* state, i64 dstOff, i64 n) {
    int e = GLOBAL_ID(0);
    if (e < n) {
        ST(dstOff)[e] = TDATA(src)[e];
    }
}

KERNEL void tornado_move(TORNADO_ARGS, GLOBAL uchar* state, i64 srcOff, i64 dstOff, i64 n) {
    int e = GLOBAL_ID(0);
    if (e < n) {
        ST(dstOff)[e] = ST(srcOff)[e];
    }
}

KERNEL void tornado_gather(TORNADO_ARGS, GLOBAL uchar* state, i64 srcOff, i64 n, GLOBAL uchar* out) {
    int e = GLOBAL_ID(0);
    if (e < n) {
        TDATA(out)[e] = ST(srcOff)[e];
    }
}

/*
 * ---- the kernels of the other files, on buffers of the state ----
 * Each tornado_<name> takes the parameters of <name> in order, as
 * dev.barron.backend.tornado.conventions.TornadoEntry derives them: a resident buffer as its
 * offset <param>Off in the state, a buffer that crosses with every execution (y, stats) as an
 * array of its own, the scalars that change between executions as the one params array (at the
 * first of them), every other scalar as an i64. KernelSignatureTest holds each entry to that.
 */

KERNEL void tornado_gram(TORNADO_ARGS, GLOBAL uchar* state, i64 pOff, i64 pRow0, i64 qOff, i64 qRow0, i64 gOff,
                         i64 rowsP, i64 rowsQ, i64 d) {
    TORNADO_SLABS;
    gram_body(ST(pOff), pRow0, ST(qOff), qRow0, ST(gOff), rowsP, rowsQ, d, slabA, slabB);
}

KERNEL void tornado_row_norms(TORNADO_ARGS, GLOBAL uchar* state, i64 uOff, i64 row0, i64 d, i64 normsOff) {
    TORNADO_GROUP_BUFS;
    row_norms_body(ST(uOff), row0, d, ST(normsOff), bufS, bufC);
}

KERNEL void tornado_row_scaling(TORNADO_ARGS, GLOBAL uchar* state, i64 uOff, i64 row0, i64 d, i64 usOff,
                                i64 normsOff, i64 expsOff) {
    TORNADO_GROUP_BUFS;
    row_scaling_body(ST(uOff), row0, d, ST(usOff), ST(normsOff), ST(expsOff), bufS, bufC);
}

KERNEL void tornado_pair_coefficients(TORNADO_ARGS, GLOBAL uchar* state, i64 gOff, i64 uOff, i64 normsOff,
                                      i64 expsOff, i64 abOff, i64 m, i64 s, i64 rowOff, i64 colOff, i64 nc, i64 d,
                                      i64 act, i64 coefOff, i64 rowLossOff, i64 gradAOff, i64 rowScaleOff) {
    TORNADO_GROUP_BUFS;
    pair_coefficients_body(ST(gOff), ST(uOff), ST(normsOff), ST(expsOff), ST(abOff), m, TREAL(s), rowOff, colOff,
                           nc, d, act,
                           ST(coefOff), ST(rowLossOff), ST(gradAOff), ST(rowScaleOff), bufS, bufC);
}

KERNEL void tornado_gradient_assembly(TORNADO_ARGS, GLOBAL uchar* state, i64 coefOff, i64 uOff, i64 rowScaleOff,
                                      i64 m, i64 nc, i64 d, i64 gradWOff) {
    TORNADO_SLABS;
    gradient_assembly_body(ST(coefOff), ST(uOff), ST(rowScaleOff), m, nc, d, ST(gradWOff), slabA, slabB);
}

/* step_stats into the separate stats array (downloaded by the same task graph). */
KERNEL void tornado_step_stats(TORNADO_ARGS, GLOBAL uchar* state, i64 lossPartsOff, i64 nParts, i64 gradRowNormsOff,
                               i64 m, i64 gradAOff, i64 includeOuter, GLOBAL uchar* stats) {
    TORNADO_REDUCE_BUFS;
    step_stats_body(ST(lossPartsOff), nParts, ST(gradRowNormsOff), m, ST(gradAOff), includeOuter, TDATA(stats), bufS,
                    bufC);
}

KERNEL void tornado_hidden_layer(TORNADO_ARGS, GLOBAL uchar* state, i64 xOff, i64 wOff, i64 aOff, i64 s, i64 n,
                                 i64 m, i64 d, i64 act, i64 hOff, i64 derivOff, i64 wantDerivative) {
    TORNADO_SLABS;
    hidden_layer_body(ST(xOff), ST(wOff), ST(aOff), TREAL(s), n, m, d, act, ST(hOff), ST(derivOff), wantDerivative,
                      slabA, slabB);
}

/* output_layer with the targets y in a separate array (uploaded with every execution). */
KERNEL void tornado_output_layer(TORNADO_ARGS, GLOBAL uchar* state, i64 hOff, i64 aOff, i64 s, i64 n, i64 m,
                                 GLOBAL uchar* y, i64 hasTarget, i64 lossScale, i64 outOff, i64 lossPartsOff) {
    TORNADO_GROUP_BUFS;
    output_layer_body(ST(hOff), ST(aOff), TREAL(s), n, m, TDATA(y), hasTarget, TREAL(lossScale), ST(outOff),
                      ST(lossPartsOff), bufS, bufC);
}

KERNEL void tornado_backprop_scale(TORNADO_ARGS, GLOBAL uchar* state, i64 derivOff, i64 eOff, i64 n, i64 m,
                                   i64 invN) {
    backprop_scale_body(ST(derivOff), ST(eOff), n, m, TREAL(invN));
}

KERNEL void tornado_matmul_strided(TORNADO_ARGS, GLOBAL uchar* state, i64 aOff, i64 sai, i64 sat, i64 bOff,
                                   i64 sbt, i64 sbj, i64 cOff, i64 ldc, i64 rows, i64 cols, i64 inner, i64 scale) {
    TORNADO_SLABS;
    matmul_strided_body(ST(aOff), sai, sat, ST(bOff), sbt, sbj, ST(cOff), ldc, rows, cols, inner, TREAL(scale), slabA,
                        slabB);
}

KERNEL void tornado_outer_gradient(TORNADO_ARGS, GLOBAL uchar* state, i64 hOff, i64 eOff, i64 n, i64 m,
                                   i64 scale, i64 gradAOff) {
    outer_gradient_body(ST(hOff), ST(eOff), n, m, TREAL(scale), ST(gradAOff));
}

/* gd_update with the learning rate from params[BARRON_PARAM_LR]. */
KERNEL void tornado_gd_update(TORNADO_ARGS, GLOBAL uchar* state, i64 wOff, i64 gradWOff, i64 aOff, i64 gradAOff,
                              i64 d, GLOBAL uchar* params, i64 trainOuter, i64 normsOff) {
    TORNADO_GROUP_BUFS;
    gd_update_body(ST(wOff), ST(gradWOff), ST(aOff), ST(gradAOff), d, TDATA(params)[BARRON_PARAM_LR], trainOuter,
                   ST(normsOff), bufS, bufC);
}

/* sum_reduce into state[outOff + outIndex] (parts and the result are disjoint regions of the state). */
KERNEL void tornado_sum_reduce(TORNADO_ARGS, GLOBAL uchar* state, i64 partsOff, i64 n, i64 outOff, i64 outIndex) {
    TORNADO_REDUCE_BUFS;
    sum_reduce_body(ST(partsOff), n, ST(outOff), outIndex, bufS, bufC);
}

KERNEL void tornado_norm_reduce(TORNADO_ARGS, GLOBAL uchar* state, i64 partsOff, i64 n, i64 outOff, i64 outIndex) {
    TORNADO_REDUCE_BUFS;
    norm_reduce_body(ST(partsOff), n, ST(outOff), outIndex, bufS, bufC);
}

KERNEL void tornado_path_norm_terms(TORNADO_ARGS, GLOBAL uchar* state, i64 wOff, i64 aOff, i64 m, i64 d,
                                    i64 termsOff) {
    path_norm_terms_body(ST(wOff), ST(aOff), m, d, ST(termsOff));
}

/* prox_neurons with lambda (already times s) and the sortedReady and writeResult flags from params. */
KERNEL void tornado_prox_neurons(TORNADO_ARGS, GLOBAL uchar* state, i64 w0Off, i64 a0Off, i64 m, i64 d,
                                 GLOBAL uchar* params, i64 scratchOff, i64 wOutOff, i64 aOutOff, i64 objTermsOff,
                                 i64 pathTermsOff) {
    GLOBAL real* p = TDATA(params);
    prox_neurons_body(ST(w0Off), ST(a0Off), m, d, p[BARRON_PARAM_LAMBDA], ST(scratchOff),
                      (int) p[BARRON_PARAM_SORTED], (int) p[BARRON_PARAM_WRITE], ST(wOutOff), ST(aOutOff),
                      ST(objTermsOff), ST(pathTermsOff));
}

/* scale_params with the factor from params[BARRON_PARAM_FACTOR]. */
KERNEL void tornado_scale_params(TORNADO_ARGS, GLOBAL uchar* state, i64 wOff, i64 aOff, i64 m, i64 d,
                                 GLOBAL uchar* params, i64 scaleW) {
    scale_params_body(ST(wOff), ST(aOff), m, d, TDATA(params)[BARRON_PARAM_FACTOR], scaleW);
}

KERNEL void tornado_distance_terms(TORNADO_ARGS, GLOBAL uchar* state, i64 wOff, i64 aOff, i64 w0Off, i64 a0Off,
                                   i64 m, i64 d, i64 termsOff) {
    distance_terms_body(ST(wOff), ST(aOff), ST(w0Off), ST(a0Off), m, d, ST(termsOff));
}

KERNEL void tornado_l1_balance(TORNADO_ARGS, GLOBAL uchar* state, i64 wOff, i64 aOff, i64 m, i64 d, i64 uOff,
                               i64 rowL1Off) {
    l1_balance_body(ST(wOff), ST(aOff), m, d, ST(uOff), ST(rowL1Off));
}

/* l1_ball_threshold with the radius (already divided by s) from params[BARRON_PARAM_RADIUS]. */
KERNEL void tornado_l1_ball_threshold(TORNADO_ARGS, GLOBAL uchar* state, i64 uOff, i64 m, GLOBAL uchar* params,
                                      i64 scratchOff, i64 outOff) {
    l1_ball_threshold_body(ST(uOff), m, TDATA(params)[BARRON_PARAM_RADIUS], ST(scratchOff), ST(outOff));
}

KERNEL void tornado_l1_apply(TORNADO_ARGS, GLOBAL uchar* state, i64 uOff, i64 tauBufOff, i64 rowL1Off, i64 m,
                             i64 aOff) {
    l1_apply_body(ST(uOff), ST(tauBufOff), ST(rowL1Off), m, ST(aOff));
}

KERNEL void tornado_pair_angles(TORNADO_ARGS, GLOBAL uchar* state, i64 gOff, i64 uOff, i64 normsOff, i64 rowOff,
                                i64 nr, i64 colOff, i64 nc, i64 d, i64 thetaOff) {
    pair_angles_body(ST(gOff), ST(uOff), ST(normsOff), rowOff, nr, colOff, nc, d, ST(thetaOff));
}

/*
 * ---- the device ensemble (ensemble.cl), its buffers at offsets of the state ----
 * tornado_ensemble_gd: ensemble_gd, one work-group per slot; m, k, d and the steps per launch
 * fixed when the plan is built, s as its bits.
 */
KERNEL void tornado_ensemble_gd(TORNADO_ARGS, GLOBAL uchar* state, i64 wOff, i64 aOff, i64 w0Off, i64 a0Off,
                                i64 vOff, i64 bOff, i64 cfgOff, i64 stateOff, i64 gradWOff, i64 rowsOff,
                                i64 pairsOff, i64 m, i64 k, i64 d, i64 s, i64 steps) {
    LOCAL real ctl[4];
    LOCAL real cache[BARRON_ENS_LOCAL_REALS];
    ensemble_gd_body(ST(wOff), ST(aOff), ST(w0Off), ST(a0Off), ST(vOff), ST(bOff), ST(cfgOff), ST(stateOff),
                     ST(gradWOff), ST(rowsOff), ST(pairsOff), (int) m, (int) k, (int) d, TREAL(s), (int) steps, ctl,
                     cache);
}

/*
 * tornado_ensemble_exchange: swaps runs in and out of slots (the host's EnsembleHost.Swap), up to
 * `entries` per execution. Record e of inbox: the slot (negative: an unused record), 1 when a run
 * is loaded, then that run's W (m x d), a (m), V (k x d), b (k) and config row; record e of outbox
 * (m d + m reals): the slot's W and a before the load. Work-item e L + j (L = m d + m + k d + k +
 * CFG + ST) moves element j of record e: W and a out and in (W0, a0 too), V, b, cfg in, the state
 * row reset to 0 (running, step 0). Items of unused records, and past the last record, do nothing.
 */
KERNEL void tornado_ensemble_exchange(TORNADO_ARGS, GLOBAL uchar* state, GLOBAL uchar* inbox, GLOBAL uchar* outbox,
                                      i64 wOff, i64 aOff, i64 w0Off, i64 a0Off, i64 vOff, i64 bOff, i64 cfgOff,
                                      i64 stateOff, i64 m, i64 k, i64 d, i64 entries) {
    i64 md = m * d, kd = k * d;
    i64 len = md + m + kd + k + BARRON_ENS_CFG_SIZE + BARRON_ENS_ST_SIZE;
    i64 item = GLOBAL_ID(0);
    i64 e = item / len, j = item - e * len;
    GLOBAL const real* rec = TDATA(inbox) + e * (2 + len - BARRON_ENS_ST_SIZE);
    if (e >= entries || rec[0] < R(0)) {
        return;
    }
    i64 slot = (i64) rec[0];
    int loads = rec[1] != R(0);
    GLOBAL const real* in = rec + 2;
    GLOBAL real* out = TDATA(outbox) + e * (md + m);
    if (j < md + m) {
        GLOBAL real* cur = j < md ? ST(wOff) + slot * md + j : ST(aOff) + slot * m + (j - md);
        GLOBAL real* init = j < md ? ST(w0Off) + slot * md + j : ST(a0Off) + slot * m + (j - md);
        out[j] = *cur;
        if (loads) {
            *cur = in[j];
            *init = in[j];
        }
    } else if (!loads) {
        return;
    } else if (j < md + m + kd) {
        ST(vOff)[slot * kd + (j - md - m)] = in[j];
    } else if (j < md + m + kd + k) {
        ST(bOff)[slot * k + (j - md - m - kd)] = in[j];
    } else if (j < len - BARRON_ENS_ST_SIZE) {
        ST(cfgOff)[slot * BARRON_ENS_CFG_SIZE + (j - md - m - kd - k)] = in[j];
    } else {
        ST(stateOff)[slot * BARRON_ENS_ST_SIZE + (j - (len - BARRON_ENS_ST_SIZE))] = R(0);
    }
}

#endif /* BARRON_TORNADO */
