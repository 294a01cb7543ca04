/*
 * angles.cl: the angle matrix for metrics, theta[r, c] = angle(u_{rowOff + r}, u_{colOff + c}),
 * from the Gram matrix g (nr x nc) and the row norms, by the rule of stable_angle.cl
 * (Gram cosine where |cos| <= 0.99, else from the rows; a zero row gives pi/2).
 * Work-item (GLOBAL_ID(1) = r, GLOBAL_ID(0) = c); items past nr or nc do nothing.
 */
DEVICE_FN void pair_angles_body(GLOBAL const real* RESTRICT g, GLOBAL const real* RESTRICT u,
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
    barron_stable_angle(g[r * nc + c], norms[pr], norms[pc], u + pr * d, u + pc * d, d, pr == pc, &th, &cs, &sn);
    theta[r * nc + c] = th;
}

/* The JOCL entry of pair_angles_body (kernels/README.md: why every kernel body is a function). */
KERNEL void pair_angles(GLOBAL const real* RESTRICT g, GLOBAL const real* RESTRICT u,
                        GLOBAL const real* RESTRICT norms, int rowOff, int nr, int colOff, int nc, int d,
                        GLOBAL real* RESTRICT theta) {
    pair_angles_body(g, u, norms, rowOff, nr, colOff, nc, d, theta);
}
