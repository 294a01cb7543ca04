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
