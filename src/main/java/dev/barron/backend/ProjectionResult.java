package dev.barron.backend;

import dev.barron.model.Network;

/**
 * A feasible point of {||theta||_P &lt;= R}.
 *
 * @param network    the projected network (always feasible: pathNormL1 &lt;= radius, up to rounding)
 * @param pathNormL1 the path norm reached, which may lie below R: the ball is not convex
 * @param distance   Euclidean distance moved, sqrt(|W - W0|_F^2 + |a - a0|^2)
 * @param lambda     the prox parameter found (prox-bisection), else 0
 */
public record ProjectionResult(Network network, double pathNormL1, double distance, double lambda) {
}
