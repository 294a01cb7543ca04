package dev.barron.train;

import dev.barron.backend.Angles;

/** The full angle matrices at one step (the coarser schedule). */
public record AngleSnapshot(long step, Angles angles) {
}
