/*
 * activation.cl: the hidden activation sigma and its derivative, selected by an int code that
 * matches dev.barron.model.Activation's ordinal: 0 relu, 1 step, 2 erf(z / sqrt 2), 3 relu^2.
 * Conventions as in Activation.java: relu'(0) = 1/2 (MATH.md 2), step' = 0 everywhere.
 */

#define BARRON_RELU 0
#define BARRON_STEP 1
#define BARRON_ERF 2
#define BARRON_RELU2 3

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
