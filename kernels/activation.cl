/*
 * activation.cl: the hidden activation sigma and its derivative, selected by an int code:
 * BARRON_RELU, BARRON_STEP, BARRON_ERF (erf(z / sqrt 2)) and BARRON_RELU2 (relu^2), defined by the
 * build (dev.barron.backend.program.KernelConstants, from dev.barron.model.Activation) and nowhere here.
 * Conventions as in Activation.java: relu'(0) = 1/2 (docs/MATH.md section 2.2), step' = 0 everywhere.
 */

#if !defined(BARRON_RELU) || !defined(BARRON_STEP) || !defined(BARRON_ERF) || !defined(BARRON_RELU2)
#error "build with the -D options of dev.barron.backend.program.KernelConstants (the activation codes)"
#endif

DEVICE_FN real barron_activation(real z, int act) {
    if (act == BARRON_RELU) {
        return z > R(0) ? z : R(0);
    } else if (act == BARRON_STEP) {
        return z > R(0) ? R(1) : R(0);
    } else if (act == BARRON_ERF) {
        return erf(z * BARRON_INV_SQRT_2);
    }
    return z > R(0) ? z * z : R(0);
}

DEVICE_FN real barron_activation_derivative(real z, int act) {
    if (act == BARRON_RELU) {
        return z > R(0) ? R(1) : (z == R(0) ? R(0.5) : R(0));
    } else if (act == BARRON_STEP) {
        return R(0);
    } else if (act == BARRON_ERF) {
        return BARRON_SQRT_2_OVER_PI * exp(R(-0.5) * z * z);
    }
    return z > R(0) ? R(2) * z : R(0);
}
