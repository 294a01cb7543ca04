/*
 * ensemble.cl: many independent relu runs of one shape (m, k, d), population GD on the closed-form
 * loss and gradient of docs/MATH.md section 3, one work-group per run, many steps per launch.
 *
 * Run r (group r) owns row r of every per-run array: W, a (trained in place), W0, a0 (its initial
 * point, for the guard's restarts), V, b (its teacher), cfg (BARRON_ENS_CFG_*: step, stop rules,
 * guard, whether a trains) and state (BARRON_ENS_ST_*: status word, step, restarts, last loss and norms). gradW,
 * rows and pairs are the run's scratch: gradW is m x d; rows holds grad_a, the row losses, the
 * squared row gradient norms, |w_i| (m each), |v_j| (k) and the self coefficients (m); pairs
 * holds three m x (m + k) arrays: each pair's kernel term, alpha term and gradient coefficient.
 *
 * Per step, as the single-run trainer (dev.barron.train.Trainer) and the CPU lanes
 * (dev.barron.backend.cpu.LaneEnsemble) take it, work strided over the group's items so that a
 * run's serial steps use a whole group (a GPU runs one step of one run on one multiprocessor):
 *   1. |w_i|, one row per work-item;
 *   2. one pair (i, q) per work-item: the angle of w_i to student or teacher row q
 *      (stable_angle.cl: the Gram cosine, or the direct form near (anti)parallel pairs; the
 *      self pair exactly 0), the relu kernel triple (gaussian_kernel.cl), the pair's terms;
 *      then, one row per work-item, dL/da_i, row i's loss terms and its self coefficient;
 *      then one entry (i, t) of grad_{w_i} L = sum_q c_iq w_q + sum_j c_ij v_j + self_i w_i per
 *      work-item (the sums in pair order, as one row at a time would take them), and one row's
 *      squared norm per work-item;
 *   3. work-item 0 sums the loss (compensated, plus the teacher's constant
 *      1/2 sum b_j b_l kappa(v_j, v_l), computed once per launch), max_i |grad_{w_i} L| and |grad|,
 *      and checks, in the trainer's order: a row norm outside [BARRON_ENS_NORM_LOW,
 *      BARRON_ENS_NORM_HIGH] (zero and non-finite rows excepted; status OUT_OF_RANGE, the host
 *      retrains the run on the single-run path, which rescales rows), the guard (non-finite or
 *      over its bounds: restart from W0, a0 with half the step, or DIVERGED after maxRestarts),
 *      the gradient rule, the loss rule, the budget; it writes the state row;
 *   4. every work-item updates its entries of W (w_i -= lr grad_{w_i} L) and rows of a (when
 *      trained) or, on a restart, copies its entries of W0, a0 back.
 * The steps themselves are ensemble_steps.cl's, in one of two copies: where W, a, V, b and the
 * scratch of a run fit the group's local cache (BARRON_ENS_LOCAL_REALS reals: every shape of the
 * survey up to m = k = d = 20), they are copied in at the launch's start and W, a out at its end,
 * so that a step reads its arrays from local memory (only the state row, the config row and, on
 * a restart, W0 and a0 stay global); larger runs work on their per-slot buffers.
 * A run whose status word is not RUNNING returns at once, so stopped runs cost nothing in later
 * launches; a group never reads another group's rows. Edges: a zero row (theta = pi/2, kappa and
 * its coefficients 0 as GaussianKernel has them), a zero teacher row, a group smaller or larger
 * than the pairs, rows or entries of a step (each is strided over the work-items).
 */

/*
 * Reals of a run's arrays in the local cache: W and gradW (m d each), a (m), V (k d), b (k), rows,
 * pairs (EnsembleLayout.localReals counts the same, for the host and the tests).
 */
DEVICE_FN int ensemble_local_reals(int m, int k, int d) {
    return 2 * m * d + m + k * d + k + (5 * m + k) + 3 * m * (m + k);
}

DEVICE_FN void ensemble_gd_body(GLOBAL real* RESTRICT w, GLOBAL real* RESTRICT a, GLOBAL const real* RESTRICT w0,
                                GLOBAL const real* RESTRICT a0, GLOBAL const real* RESTRICT v,
                                GLOBAL const real* RESTRICT b, GLOBAL const real* RESTRICT cfg,
                                GLOBAL real* RESTRICT state, GLOBAL real* RESTRICT gradW, GLOBAL real* RESTRICT rows,
                                GLOBAL real* RESTRICT pairs, int m, int k, int d, real s, int steps,
                                LOCAL_PTR real* ctl, LOCAL_PTR real* cache) {
    int run = GROUP_ID(0);
    int lid = LOCAL_ID(0);
    int nl = LOCAL_SIZE(0);
    GLOBAL real* st = state + run * BARRON_ENS_ST_SIZE;
    if ((int) st[BARRON_ENS_ST_STATUS] != BARRON_ENS_RUNNING) {
        return;                                     /* uniform: read by every item before any write */
    }
    GLOBAL const real* C = cfg + run * BARRON_ENS_CFG_SIZE;
    GLOBAL real* W = w + run * m * d;
    GLOBAL real* A = a + run * m;
    GLOBAL const real* W0 = w0 + run * m * d;
    GLOBAL const real* A0 = a0 + run * m;
    GLOBAL const real* V = v + run * k * d;
    GLOBAL const real* B = b + run * k;
    if (ensemble_local_reals(m, k, d) > BARRON_ENS_LOCAL_REALS) {
        ensemble_steps_global(W, A, W0, A0, V, B, C, st, gradW + run * m * d, rows + run * (5 * m + k),
                              pairs + run * 3 * m * (m + k), m, k, d, s, steps, ctl);
        return;
    }
    LOCAL_PTR real* lW = cache;
    LOCAL_PTR real* lA = lW + m * d;
    LOCAL_PTR real* lV = lA + m;
    LOCAL_PTR real* lB = lV + k * d;
    LOCAL_PTR real* lG = lB + k;
    LOCAL_PTR real* lRows = lG + m * d;
    LOCAL_PTR real* lPairs = lRows + 5 * m + k;
    for (int e = lid; e < m * d; e += nl) {
        lW[e] = W[e];
    }
    for (int e = lid; e < k * d; e += nl) {
        lV[e] = V[e];
    }
    for (int i = lid; i < m; i += nl) {
        lA[i] = A[i];
    }
    for (int j = lid; j < k; j += nl) {
        lB[j] = B[j];
    }
    GROUP_BARRIER();
    ensemble_steps_local(lW, lA, W0, A0, lV, lB, C, st, lG, lRows, lPairs, m, k, d, s, steps, ctl);
    GROUP_BARRIER();
    for (int e = lid; e < m * d; e += nl) {
        W[e] = lW[e];
    }
    for (int i = lid; i < m; i += nl) {
        A[i] = lA[i];
    }
}

KERNEL void ensemble_gd(GLOBAL real* RESTRICT w, GLOBAL real* RESTRICT a, GLOBAL const real* RESTRICT w0,
                        GLOBAL const real* RESTRICT a0, GLOBAL const real* RESTRICT v, GLOBAL const real* RESTRICT b,
                        GLOBAL const real* RESTRICT cfg, GLOBAL real* RESTRICT state, GLOBAL real* RESTRICT gradW,
                        GLOBAL real* RESTRICT rows, GLOBAL real* RESTRICT pairs, int m, int k, int d, real s,
                        int steps) {
    LOCAL real ctl[4];
    LOCAL real cache[BARRON_ENS_LOCAL_REALS];
    ensemble_gd_body(w, a, w0, a0, v, b, cfg, state, gradW, rows, pairs, m, k, d, s, steps, ctl, cache);
}
