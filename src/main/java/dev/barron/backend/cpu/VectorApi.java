package dev.barron.backend.cpu;

/**
 * Whether the JVM was started with the Vector API (--add-modules=jdk.incubator.vector). The
 * classes that use it (the lane engine, the fused relu kernel, {@link VectorSums}) are reached
 * only when it is: a library user's plain {@code java -cp} call must work without the flag, on
 * the scalar paths, which give the same results where they exist (see each class).
 */
final class VectorApi {

    static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorApi() {
    }
}
