/*
 * ensemble_steps.cl: the steps of ensemble_gd (ensemble.cl: what each work-item computes, and the
 * edges) over one run's arrays in the address space ENS_SPACE. The program holds this file twice
 * (dev.barron.backend.opencl.KernelSource): ENS(name) = name_local with ENS_SPACE local memory,
 * for runs whose arrays fit the group's local cache (a step then waits on no global memory), and
 * name_global with ENS_SPACE global, on the per-slot buffers, for larger runs. The arithmetic
 * and its order are the same in both.
 */

#if !defined(ENS_SPACE) || !defined(ENS)
#error "ensemble_steps.cl is a template: KernelSource defines ENS_SPACE and ENS(name) around each copy"
#endif
#if !defined(BARRON_ENS_CFG_SIZE) || !defined(BARRON_ENS_ST_SIZE) || !defined(BARRON_ENS_RUNNING) \
    || !defined(BARRON_ENS_NORM_LOW) || !defined(BARRON_ENS_NORM_HIGH) || !defined(BARRON_ENS_LOCAL_REALS)
#error "build with the -D options of dev.barron.backend.program.KernelConstants (the ensemble layout)"
#endif

#ifndef ENS_GO_ON
#define ENS_GO_ON 0
#define ENS_STOP 1
#define ENS_RESTART 2
#endif

DEVICE_FN real ENS(ensemble_dot)(ENS_SPACE const real* RESTRICT x, ENS_SPACE const real* RESTRICT y, int d) {
    real sum = R(0);
    for (int t = 0; t < d; t++) {
        sum += x[t] * y[t];
    }
    return sum;
}

/* barron_stable_angle (stable_angle.cl) on rows in ENS_SPACE: the same arithmetic. */
DEVICE_FN void ENS(ensemble_angle)(real dot, real normP, real normQ, ENS_SPACE const real* RESTRICT rowP,
                                   ENS_SPACE const real* RESTRICT rowQ, int d, int isSelf, real* theta,
                                   real* cosTheta, real* sinTheta) {
    if (barron_gram_angle(dot, normP, normQ, isSelf, theta, cosTheta, sinTheta)) {
        return;
    }
    BARRON_DIRECT_ANGLE(rowP, rowQ, normP, normQ, d, theta, cosTheta, sinTheta);
}

/* 1/2 sum_{j, l} b_j b_l kappa(v_j, v_l) (relu), the loss at a zero student. */
DEVICE_FN real ENS(ensemble_teacher_constant)(ENS_SPACE const real* RESTRICT V, ENS_SPACE const real* RESTRICT B,
                                         ENS_SPACE const real* RESTRICT normV, int k, int d) {
    real total = R(0);
    for (int j = 0; j < k; j++) {
        for (int l = 0; l < k; l++) {
            real th, c, sn, kap, al, be;
            ENS(ensemble_angle)(ENS(ensemble_dot)(V + j * d, V + l * d, d), normV[j], normV[l], V + j * d, V + l * d, d,
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
DEVICE_FN void ENS(ensemble_pair)(int p, ENS_SPACE const real* RESTRICT W, ENS_SPACE const real* RESTRICT A,
                             ENS_SPACE const real* RESTRICT V, ENS_SPACE const real* RESTRICT B,
                             ENS_SPACE const real* RESTRICT normW, ENS_SPACE const real* RESTRICT normV, int m, int k, int d,
                             real s, ENS_SPACE real* RESTRICT kern, ENS_SPACE real* RESTRICT alpha,
                             ENS_SPACE real* RESTRICT coef) {
    int n = m + k;
    int i = p / n;
    int q = p - i * n;
    ENS_SPACE const real* wi = W + i * d;
    int student = q < m;
    ENS_SPACE const real* x = student ? W + q * d : V + (q - m) * d;
    real nx = student ? normW[q] : normV[q - m];
    real th, c, sn, kap, al, be;
    ENS(ensemble_angle)(ENS(ensemble_dot)(wi, x, d), normW[i], nx, wi, x, d, q == i, &th, &c, &sn);
    barron_gaussian_kernel(BARRON_RELU, normW[i], nx, th, c, sn, &kap, &al, &be);
    real ri = s * A[i];
    real weight = student ? s * A[q] : B[q - m];
    kern[p] = weight * kap;
    alpha[p] = weight * al;
    coef[p] = student ? ri * weight * be : -ri * weight * be;
}

/* Row i's sums over its pairs, in pair order: dL/da_i, its loss terms and its self coefficient. */
DEVICE_FN void ENS(ensemble_row_sums)(int i, ENS_SPACE const real* RESTRICT A, ENS_SPACE const real* RESTRICT kern,
                                 ENS_SPACE const real* RESTRICT alpha, int m, int k, real s, ENS_SPACE real* RESTRICT rows) {
    ENS_SPACE const real* ki = kern + i * (m + k);
    ENS_SPACE const real* ai = alpha + i * (m + k);
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
DEVICE_FN real ENS(ensemble_grad_entry)(int i, int t, ENS_SPACE const real* RESTRICT W, ENS_SPACE const real* RESTRICT V,
                                   ENS_SPACE const real* RESTRICT coef, ENS_SPACE const real* RESTRICT rows, int m,
                                   int k, int d) {
    ENS_SPACE const real* ci = coef + i * (m + k);
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
DEVICE_FN int ENS(ensemble_check)(ENS_SPACE const real* RESTRICT rows, int m, int trainOuter, real teacherConstant,
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

/*
 * Up to `steps` GD steps of the group's run (ensemble.cl's steps 1 to 4), every work-item
 * calling; W, A (trained in place), V, B and the scratch G, rs, pairs in ENS_SPACE; W0, A0, the
 * config row C and the state row st in global memory.
 */
DEVICE_FN void ENS(ensemble_steps)(ENS_SPACE real* RESTRICT W, ENS_SPACE real* RESTRICT A,
                                   GLOBAL const real* RESTRICT W0, GLOBAL const real* RESTRICT A0,
                                   ENS_SPACE const real* RESTRICT V, ENS_SPACE const real* RESTRICT B,
                                   GLOBAL const real* RESTRICT C, GLOBAL real* RESTRICT st, ENS_SPACE real* RESTRICT G,
                                   ENS_SPACE real* RESTRICT rs, ENS_SPACE real* RESTRICT pairs, int m, int k, int d,
                                   real s, int steps, LOCAL_PTR real* ctl) {
    int lid = LOCAL_ID(0);
    int nl = LOCAL_SIZE(0);
    int n = m + k;
    int trainOuter = C[BARRON_ENS_CFG_TRAIN_OUTER] != R(0);
    ENS_SPACE real* kern = pairs;
    ENS_SPACE real* alpha = kern + m * n;
    ENS_SPACE real* coef = alpha + m * n;
    for (int j = lid; j < k; j += nl) {
        rs[4 * m + j] = sqrt(ENS(ensemble_dot)(V + j * d, V + j * d, d));
    }
    GROUP_BARRIER();
    if (lid == 0) {
        ctl[1] = ldexp(C[BARRON_ENS_CFG_LR], -(int) st[BARRON_ENS_ST_RESTARTS]);
        ctl[2] = ENS(ensemble_teacher_constant)(V, B, rs + 4 * m, k, d);
    }
    GROUP_BARRIER();
    for (int it = 0; it < steps; it++) {
        for (int i = lid; i < m; i += nl) {
            rs[3 * m + i] = sqrt(ENS(ensemble_dot)(W + i * d, W + i * d, d));
        }
        GROUP_BARRIER();
        for (int p = lid; p < m * n; p += nl) {
            ENS(ensemble_pair)(p, W, A, V, B, rs + 3 * m, rs + 4 * m, m, k, d, s, kern, alpha, coef);
        }
        GROUP_BARRIER();
        for (int i = lid; i < m; i += nl) {
            ENS(ensemble_row_sums)(i, A, kern, alpha, m, k, s, rs);
        }
        GROUP_BARRIER();
        for (int e = lid; e < m * d; e += nl) {
            G[e] = ENS(ensemble_grad_entry)(e / d, e - (e / d) * d, W, V, coef, rs, m, k, d);
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
            ctl[0] = R(ENS(ensemble_check)(rs, m, trainOuter, ctl[2], C, st, &lr));
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

#undef ENS_SPACE
#undef ENS
