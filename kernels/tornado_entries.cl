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
