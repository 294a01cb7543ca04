package dev.barron.backend;

import dev.barron.model.Network;

/**
 * The exact proximal point of lambda * ||theta||_P (docs/MATH.md section 5.1), neuron by neuron.
 *
 * @param network    the proximal point
 * @param objective  sum_i 1/2 (a_i - a0_i)^2 + 1/2 |w_i - w0_i|^2 + lambda s |a_i| |w_i|_1
 * @param pathNormL1 ||theta||_P of the proximal point
 */
public record ProxResult(Network network, double objective, double pathNormL1) {
}
