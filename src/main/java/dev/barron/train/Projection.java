package dev.barron.train;

import dev.barron.backend.ProjectionMethod;
import dev.barron.model.Check;

/** Projected GD: after every step the parameters go back onto {||theta||_P &lt;= radius}. */
public record Projection(double radius, ProjectionMethod method) {

    public Projection {
        Check.positive("radius", radius);
        if (method == null) {
            throw Check.bad("method", "null", "allowed: prox-bisection, rescale, l1-outer");
        }
    }
}
