/*
 * prox.cl: the exact proximal point of lambda |a| |w|_1 for every neuron (docs/MATH.md section 5.1), after
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
 * Magnitudes: the objective is 2-homogeneous in (a, w, a0, w0) at fixed lambda, so the candidates
 * are compared on the neuron divided by the power of two of max(|a0|, max |w0|) (as
 * dev.barron.math.NeuronProx): no square overflows (rows of 1e200) or underflows (1e-200); the
 * power goes back onto the result (objective and path term by its square).
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
DEVICE_FN void prox_neurons_body(GLOBAL const real* RESTRICT w0, GLOBAL const real* RESTRICT a0, int m, int d,
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
    real mx = fabs(a0[i]);
    for (int t = 0; t < d; t++) {
        mx = fmax(mx, fabs(row[t]));
    }
    int e = barron_row_exponent(mx);
    if (!sortedReady) {
        for (int t = 0; t < d; t++) {
            sorted[t] = ldexp(fabs(row[t]), -e);
        }
        barron_sort_decreasing(sorted, d);
        real acc = R(0);
        for (int t = d - 1; t >= 0; t--) {
            acc += sorted[t] * sorted[t];
            tail[t] = acc;        /* tail[t] = sum_{j >= t} sorted_j^2 */
        }
    }
    real big = ldexp(fabs(a0[i]), -e);
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
    objTerms[i] = ldexp(best, 2 * e);
    pathTerms[i] = ldexp(pathBest, 2 * e);
    if (!writeResult) {
        return;
    }
    outer = ldexp(outer, e);
    shiftBest = ldexp(shiftBest, e);
    aOut[i] = (a0[i] < R(0) && outer != R(0)) ? -outer : outer;
    for (int t = 0; t < d; t++) {
        real v = row[t];
        real mag = support == -1 ? fabs(v) : (support == 0 ? R(0) : fmax(fabs(v) - shiftBest, R(0)));
        wOut[i * d + t] = v < R(0) ? -mag : mag;
    }
}

/* The JOCL entry of prox_neurons_body (kernels/README.md: why every kernel body is a function). */
KERNEL void prox_neurons(GLOBAL const real* RESTRICT w0, GLOBAL const real* RESTRICT a0, int m, int d,
                         real lambda, GLOBAL real* RESTRICT scratch, int sortedReady, int writeResult,
                         GLOBAL real* RESTRICT wOut, GLOBAL real* RESTRICT aOut,
                         GLOBAL real* RESTRICT objTerms, GLOBAL real* RESTRICT pathTerms) {
    prox_neurons_body(w0, a0, m, d, lambda, scratch, sortedReady, writeResult, wOut, aOut, objTerms, pathTerms);
}
