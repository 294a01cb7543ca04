package dev.barron.backend.program;

/** Host arrays an operation writes to the device (see {@link Step.Write}). */
public enum Input {
    /** W, m x d row-major. */
    W,
    /** a, length m. */
    A,
    /** The teacher's V, k x d row-major. */
    V,
    /** The teacher's b, length k. */
    B,
    /** The batch X, n x d row-major. */
    X,
    /** The targets y, length n. */
    Y
}
