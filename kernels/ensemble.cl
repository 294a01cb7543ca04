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
 * A run whose status word is not RUNNING returns at once, so stopped runs cost nothing in later
 * launches; a group never reads another group's rows. Edges: a zero row (theta = pi/2, kappa and
 * its coefficients 0 as GaussianKernel has them), a zero teacher row, a group smaller or larger
 * than the pairs, rows or entries of a step (each is strided over the work-items).
 */

#if !defined(BARRON_ENS_CFG_SIZE) || !defined(BARRON_ENS_ST_SIZE) || !defined(BARRON_ENS_RUNNING) \
    || !defined(BARRON_ENS_NORM_LOW) || !defined(BARRON_ENS_NORM_HIGH)
#error "build with the -D options of dev.barron.backend.program.KernelConstants (the ensemble layout)"
#endif

#define ENS_GO_ON 0
#define ENS_STOP 1
#define ENS_RESTART 2

DEVICE_FN real ensemble_dot(GLOBAL const real* RESTRICT x, GLOBAL const real* RESTRICT y, int d) {
    real sum = R(0);
    for (int t = 0; t < d; t++) {
        sum += x[t] * y[t];
    }
    return sum;
}

/* 1/2 sum_{j, l} b_j b_l kappa(v_j, v_l) (relu), the loss at a zero student. */
DEVICE_FN real ensemble_teacher_constant(GLOBAL const real* RESTRICT V, GLOBAL const real* RESTRICT B,
                                         GLOBAL const real* RESTRICT normV, int k, int d) {
    real total = R(0);
    for (int j = 0; j < k; j++) {
        for (int l = 0; l < k; l++) {
            real th, c, sn, kap, al, be;
            barron_stable_angle(ensemble_dot(V + j * d, V + l * d, d), normV[j], normV[l], V + j * d, V + l * d, d,
                                j == l, &th, &c, &sn);
            barron_gaussian_kernel(BARRON_RELU, normV[j], normV[l], th, c, sn, &kap, &al, &be);
            total += B[j] * B[l] * kap;
        }
    }
    return R(0.5) * total;
}

/*
 * Pair p = i (m + k) + q of step 2 (q < m: student q, else teacher q - m): its angle and relu
 * triple, stored as the pair's share of row i's kernel sum and alpha sum and its coefficient of
 * grad_{w_i} L (PopulationEvaluator's rows, term by term).
 */
DEVICE_FN void ensemble_pair(int p, GLOBAL const real* RESTRICT W, GLOBAL const real* RESTRICT A,
                             GLOBAL const real* RESTRICT V, GLOBAL const real* RESTRICT B,
                             GLOBAL const real* RESTRICT normW, GLOBAL const real* RESTRICT normV, int m, int k, int d,
                             real s, GLOBAL real* RESTRICT kern, GLOBAL real* RESTRICT alpha,
                             GLOBAL real* RESTRICT coef) {
    int n = m + k;
    int i = p / n;
    int q = p - i * n;
    GLOBAL const real* wi = W + i * d;
    int student = q < m;
    GLOBAL const real* x = student ? W + q * d : V + (q - m) * d;
    real nx = student ? normW[q] : normV[q - m];
    real th, c, sn, kap, al, be;
    barron_stable_angle(ensemble_dot(wi, x, d), normW[i], nx, wi, x, d, q == i, &th, &c, &sn);
    barron_gaussian_kernel(BARRON_RELU, normW[i], nx, th, c, sn, &kap, &al, &be);
    real ri = s * A[i];
    real weight = student ? s * A[q] : B[q - m];
    kern[p] = weight * kap;
    alpha[p] = weight * al;
    coef[p] = student ? ri * weight * be : -ri * weight * be;
}

/* Row i's sums over its pairs, in pair order: dL/da_i, its loss terms and its self coefficient. */
DEVICE_FN void ensemble_row_sums(int i, GLOBAL const real* RESTRICT A, GLOBAL const real* RESTRICT kern,
                                 GLOBAL const real* RESTRICT alpha, int m, int k, real s, GLOBAL real* RESTRICT rows) {
    GLOBAL const real* ki = kern + i * (m + k);
    GLOBAL const real* ai = alpha + i * (m + k);
    real kS = R(0), alS = R(0), kT = R(0), alT = R(0);
    for (int q = 0; q < m; q++) {
        kS += ki[q];
        alS += ai[q];
    }
    for (int j = m; j < m + k; j++) {
        kT += ki[j];
        alT += ai[j];
    }
    real ri = s * A[i];
    rows[i] = s * (kS - kT);                        /* dL/da_i */
    rows[m + i] = R(0.5) * ri * kS - ri * kT;       /* row i's loss terms */
    rows[4 * m + k + i] = ri * (alS - alT);         /* the coefficient of w_i in its own gradient */
}

/* Entry (i, t) of grad_{w_i} L = sum_q c_iq w_q + sum_j c_ij v_j + self_i w_i, in that order. */
DEVICE_FN real ensemble_grad_entry(int i, int t, GLOBAL const real* RESTRICT W, GLOBAL const real* RESTRICT V,
                                   GLOBAL const real* RESTRICT coef, GLOBAL const real* RESTRICT rows, int m,
                                   int k, int d) {
    GLOBAL const real* ci = coef + i * (m + k);
    real g = R(0);
    for (int q = 0; q < m; q++) {
        g += ci[q] * W[q * d + t];
    }
    for (int j = 0; j < k; j++) {
        g += ci[m + j] * V[j * d + t];
    }
    return g + rows[4 * m + k + i] * W[i * d + t];
}

/* Step 3 above, by work-item 0: the state row and what the group does next. */
DEVICE_FN int ensemble_check(GLOBAL const real* RESTRICT rows, int m, int trainOuter, real teacherConstant,
                             GLOBAL const real* RESTRICT C, GLOBAL real* RESTRICT st, real* lr) {
    real loss = R(0), comp = R(0), maxSq = R(0), sq = R(0);
    int inRange = 1;
    for (int i = 0; i < m; i++) {
        real term = rows[m + i];
        real t = loss + term;                       /* two-sum: the loss is a difference of O(1) terms */
        comp += fabs(loss) >= fabs(term) ? (loss - t) + term : (term - t) + loss;
        loss = t;
        maxSq = fmax(maxSq, rows[2 * m + i]);
        sq += rows[2 * m + i];
        if (trainOuter) {
            sq += rows[i] * rows[i];
        }
        real n = rows[3 * m + i];
        inRange &= n == R(0) || (n >= R(BARRON_ENS_NORM_LOW) && n <= R(BARRON_ENS_NORM_HIGH)) || !isfinite(n);
    }
    real t = loss + teacherConstant;
    comp += fabs(loss) >= fabs(teacherConstant) ? (loss - t) + teacherConstant : (teacherConstant - t) + loss;
    loss = t + comp;
    real maxNeuron = sqrt(maxSq);
    real gradNorm = sqrt(sq);
    st[BARRON_ENS_ST_LOSS] = loss;
    st[BARRON_ENS_ST_MAX_NEURON] = maxNeuron;
    st[BARRON_ENS_ST_GRAD_NORM] = gradNorm;
    if (!inRange) {
        st[BARRON_ENS_ST_STATUS] = R(BARRON_ENS_OUT_OF_RANGE);
        return ENS_STOP;
    }
    real step = st[BARRON_ENS_ST_STEP];
    if (!isfinite(loss) || !isfinite(gradNorm) || !isfinite(maxNeuron) || loss > C[BARRON_ENS_CFG_LOSS_BOUND]
            || maxNeuron > C[BARRON_ENS_CFG_GRAD_BOUND]) {
        real restarts = st[BARRON_ENS_ST_RESTARTS];
        if (restarts < C[BARRON_ENS_CFG_MAX_RESTARTS]) {
            st[BARRON_ENS_ST_RESTARTS] = restarts + R(1);
            st[BARRON_ENS_ST_STEP] = R(0);
            *lr = ldexp(C[BARRON_ENS_CFG_LR], -(int) (restarts + R(1)));
            return ENS_RESTART;
        }
        st[BARRON_ENS_ST_STATUS] = R(BARRON_ENS_DIVERGED);
        return ENS_STOP;
    }
    real gradTol = C[BARRON_ENS_CFG_GRAD_TOL];
    real lossBelow = C[BARRON_ENS_CFG_LOSS_BELOW];
    int status = BARRON_ENS_RUNNING;
    if (gradTol > R(0) && maxNeuron <= gradTol) {
        status = BARRON_ENS_GRADIENT;
    } else if (lossBelow > R(0) && loss < lossBelow) {
        status = BARRON_ENS_LOSS;
    } else if (step >= C[BARRON_ENS_CFG_MAX_STEPS]) {
        status = BARRON_ENS_BUDGET;
    }
    if (status != BARRON_ENS_RUNNING) {
        st[BARRON_ENS_ST_STATUS] = R(status);
        return ENS_STOP;
    }
    st[BARRON_ENS_ST_STEP] = step + R(1);
    return ENS_GO_ON;
}

DEVICE_FN void ensemble_gd_body(GLOBAL real* RESTRICT w, GLOBAL real* RESTRICT a, GLOBAL const real* RESTRICT w0,
                                GLOBAL const real* RESTRICT a0, GLOBAL const real* RESTRICT v,
                                GLOBAL const real* RESTRICT b, GLOBAL const real* RESTRICT cfg,
                                GLOBAL real* RESTRICT state, GLOBAL real* RESTRICT gradW, GLOBAL real* RESTRICT rows,
                                GLOBAL real* RESTRICT pairs, int m, int k, int d, real s, int steps,
                                LOCAL_PTR real* ctl) {
    int run = GROUP_ID(0);
    int lid = LOCAL_ID(0);
    int nl = LOCAL_SIZE(0);
    GLOBAL real* st = state + run * BARRON_ENS_ST_SIZE;
    if ((int) st[BARRON_ENS_ST_STATUS] != BARRON_ENS_RUNNING) {
        return;                                     /* uniform: read by every item before any write */
    }
    int n = m + k;
    GLOBAL const real* C = cfg + run * BARRON_ENS_CFG_SIZE;
    int trainOuter = C[BARRON_ENS_CFG_TRAIN_OUTER] != R(0);
    GLOBAL real* W = w + run * m * d;
    GLOBAL real* A = a + run * m;
    GLOBAL const real* W0 = w0 + run * m * d;
    GLOBAL const real* A0 = a0 + run * m;
    GLOBAL const real* V = v + run * k * d;
    GLOBAL const real* B = b + run * k;
    GLOBAL real* G = gradW + run * m * d;
    GLOBAL real* rs = rows + run * (5 * m + k);
    GLOBAL real* kern = pairs + run * 3 * m * n;
    GLOBAL real* alpha = kern + m * n;
    GLOBAL real* coef = alpha + m * n;
    for (int j = lid; j < k; j += nl) {
        rs[4 * m + j] = sqrt(ensemble_dot(V + j * d, V + j * d, d));
    }
    GROUP_BARRIER();
    if (lid == 0) {
        ctl[1] = ldexp(C[BARRON_ENS_CFG_LR], -(int) st[BARRON_ENS_ST_RESTARTS]);
        ctl[2] = ensemble_teacher_constant(V, B, rs + 4 * m, k, d);
    }
    GROUP_BARRIER();
    for (int it = 0; it < steps; it++) {
        for (int i = lid; i < m; i += nl) {
            rs[3 * m + i] = sqrt(ensemble_dot(W + i * d, W + i * d, d));
        }
        GROUP_BARRIER();
        for (int p = lid; p < m * n; p += nl) {
            ensemble_pair(p, W, A, V, B, rs + 3 * m, rs + 4 * m, m, k, d, s, kern, alpha, coef);
        }
        GROUP_BARRIER();
        for (int i = lid; i < m; i += nl) {
            ensemble_row_sums(i, A, kern, alpha, m, k, s, rs);
        }
        GROUP_BARRIER();
        for (int e = lid; e < m * d; e += nl) {
            G[e] = ensemble_grad_entry(e / d, e - (e / d) * d, W, V, coef, rs, m, k, d);
        }
        GROUP_BARRIER();
        for (int i = lid; i < m; i += nl) {
            real sq = R(0);
            for (int t = 0; t < d; t++) {
                sq += G[i * d + t] * G[i * d + t];
            }
            rs[2 * m + i] = sq;                     /* |grad_{w_i} L|^2 */
        }
        GROUP_BARRIER();
        if (lid == 0) {
            real lr = ctl[1];
            ctl[0] = R(ensemble_check(rs, m, trainOuter, ctl[2], C, st, &lr));
            ctl[1] = lr;
        }
        GROUP_BARRIER();
        int next = (int) ctl[0];
        if (next == ENS_STOP) {
            break;                                  /* uniform: every item read the same ctl[0] */
        }
        real lr = ctl[1];
        for (int e = lid; e < m * d; e += nl) {
            W[e] = next == ENS_RESTART ? W0[e] : W[e] - lr * G[e];
        }
        for (int i = lid; i < m; i += nl) {
            if (next == ENS_RESTART) {
                A[i] = A0[i];
            } else if (trainOuter) {
                A[i] = A[i] - lr * rs[i];
            }
        }
        GROUP_BARRIER();
    }
}

KERNEL void ensemble_gd(GLOBAL real* RESTRICT w, GLOBAL real* RESTRICT a, GLOBAL const real* RESTRICT w0,
                        GLOBAL const real* RESTRICT a0, GLOBAL const real* RESTRICT v, GLOBAL const real* RESTRICT b,
                        GLOBAL const real* RESTRICT cfg, GLOBAL real* RESTRICT state, GLOBAL real* RESTRICT gradW,
                        GLOBAL real* RESTRICT rows, GLOBAL real* RESTRICT pairs, int m, int k, int d, real s,
                        int steps) {
    LOCAL real ctl[4];
    ensemble_gd_body(w, a, w0, a0, v, b, cfg, state, gradW, rows, pairs, m, k, d, s, steps, ctl);
}
