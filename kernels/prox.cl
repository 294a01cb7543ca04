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
