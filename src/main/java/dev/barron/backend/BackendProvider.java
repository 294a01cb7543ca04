package dev.barron.backend;

import java.util.List;

/**
 * A kind of backend, found through {@link java.util.ServiceLoader}
 * (META-INF/services/dev.barron.backend.BackendProvider), so that the OpenCL and TornadoVM
 * drivers plug in without the layers above knowing them.
 */
public interface BackendProvider {

    /** The name users pass to --backend. */
    String name();

    /** Null when usable here; otherwise one line saying why not and how to fix it. */
    String unavailableReason();

    /** The devices this provider can run on (empty when unavailable). */
    List<DeviceInfo> devices();

    /** Opens a backend; throws {@link BackendException} with a clear message when it cannot. */
    Backend create(BackendOptions options);

    /**
     * Whether --backend auto should take this provider over the CPU backend for work of this size.
     * The CPU backend answers false; an accelerator answers true only where its launch and
     * transfer overheads are paid back (a d = 20, m = 9 problem stays on the CPU).
     */
    boolean preferredFor(ProblemSize size);

    /**
     * One "note: ..." line when this provider runs in a degraded set-up that the user did not
     * choose (the CPU backend without its bundled BLAS, say), else null.
     */
    default String note() {
        return null;
    }
}
