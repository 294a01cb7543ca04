/*
 * reduce.cl: compensated sums and work-group reductions shared by every kernel that reduces,
 * and the two single-work-group reductions (sum_reduce, step_stats).
 *
 * Losses are differences of O(1) terms that cancel near the optimum, so every sum here is
 * Neumaier-compensated per lane and combined across lanes by a pairwise tree of
 * (sum, compensation) pairs: the error stays O(eps) of the largest partial, not of the count.
 */

/*
 * The power of two that scaled reductions divide by (scaling.cl, dev.barron.math.RowScaling): e with
 * maxAbs 2^-e in [1/2, 1), i.e. ilogb(maxAbs) + 1 (subnormals included); 0 for 0 or non-finite.
 */
DEVICE_FN int barron_row_exponent(real maxAbs) {
    if (maxAbs == R(0) || !isfinite(maxAbs)) {
        return 0;
    }
    return (int) ilogb(maxAbs) + 1;
}

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
 * out[outIndex] = sqrt(sum of parts[0 .. n)^2), the Euclidean norm of a vector of (row) norms,
 * in one work-group of BARRON_REDUCE work-items: lane l takes parts[l], parts[l + BARRON_REDUCE],
 * ...; the largest |part| first (pairwise max), then the compensated sum of the squares of the
 * parts divided by its power of two, so that neither 1e-200 nor 1e200 is squared out of range.
 * Edges: n = 0 gives 0; n below the group size leaves idle lanes contributing 0.
 */
DEVICE_FN void norm_reduce_body(GLOBAL const real* RESTRICT parts, int n, GLOBAL real* RESTRICT out, int outIndex,
                                LOCAL_PTR real* bufS, LOCAL_PTR real* bufC) {
    int lane = LOCAL_ID(0);
    real mx = R(0);
    for (int i = lane; i < n; i += BARRON_REDUCE) {
        mx = fmax(mx, fabs(parts[i]));
    }
    int e = barron_row_exponent(barron_group_max(bufS, mx, lane, BARRON_REDUCE));
    real s = R(0);
    real c = R(0);
    for (int i = lane; i < n; i += BARRON_REDUCE) {
        real x = ldexp(parts[i], -e);
        barron_kahan_add(&s, &c, x * x);
    }
    real total = barron_group_sum(bufS, bufC, s, c, lane, BARRON_REDUCE);
    if (lane == 0) {
        out[outIndex] = ldexp(sqrt(total), e);
    }
}

/* Entry point of norm_reduce_body (its local memory declared here, as OpenCL C requires). */
KERNEL void norm_reduce(GLOBAL const real* RESTRICT parts, int n, GLOBAL real* RESTRICT out, int outIndex) {
    LOCAL real bufS[BARRON_REDUCE];
    LOCAL real bufC[BARRON_REDUCE];
    norm_reduce_body(parts, n, out, outIndex, bufS, bufC);
}

/*
 * The scalars a training step reports, in one work-group of BARRON_REDUCE work-items:
 *   stats[0] = sum of lossParts[0 .. nParts)            (the loss, compensated and pairwise)
 *   stats[1] = max_i gradRowNorms[i]                    (max_i |grad_{w_i} L|, i < m)
 *   stats[2] = sqrt(sum_i gradRowNorms[i]^2 + (includeOuter ? |gradA|^2 : 0))
 * The row norms come from row_norms (one coalesced work-group per row); lane l handles
 * entries l, l + BARRON_REDUCE, ...; m or nParts below the group size leave lanes idle.
 * stats[2] is summed over the entries divided by the power of two of the largest of them (so
 * gradients of 1e-200 or 1e200 give their norm, not 0 or infinity); it costs one more pass.
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
    real maxEntry = R(0);
    for (int i = lane; i < m; i += BARRON_REDUCE) {
        maxRow = fmax(maxRow, gradRowNorms[i]);
        maxEntry = fmax(maxEntry, includeOuter ? fmax(gradRowNorms[i], fabs(gradA[i])) : gradRowNorms[i]);
    }
    real maxAll = barron_group_max(bufS, maxRow, lane, BARRON_REDUCE);
    real big = barron_group_max(bufS, maxEntry, lane, BARRON_REDUCE);
    int e = barron_row_exponent(big);
    real sq = R(0);
    real sqc = R(0);
    for (int i = lane; i < m; i += BARRON_REDUCE) {
        real row = ldexp(gradRowNorms[i], -e);
        barron_kahan_add(&sq, &sqc, row * row);
        if (includeOuter) {
            real ga = ldexp(gradA[i], -e);
            barron_kahan_add(&sq, &sqc, ga * ga);
        }
    }
    real sqAll = barron_group_sum(bufS, bufC, sq, sqc, lane, BARRON_REDUCE);
    if (lane == 0) {
        stats[0] = loss;
        stats[1] = maxAll;
        stats[2] = ldexp(sqrt(sqAll), e);
    }
}

/* Entry point of step_stats_body (its local memory declared here, as OpenCL C requires). */
KERNEL void step_stats(GLOBAL const real* RESTRICT lossParts, int nParts, GLOBAL const real* RESTRICT gradRowNorms,
                       int m, GLOBAL const real* RESTRICT gradA, int includeOuter, GLOBAL real* RESTRICT stats) {
    LOCAL real bufS[BARRON_REDUCE];
    LOCAL real bufC[BARRON_REDUCE];
    step_stats_body(lossParts, nParts, gradRowNorms, m, gradA, includeOuter, stats, bufS, bufC);
}
