package dev.barron.train;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.BackendProvider;
import dev.barron.backend.Backends;
import dev.barron.model.Precision;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A device backend whose ensemble engine holds fewer slots than the tests' runs and takes short
 * launches (6 slots, 499 steps: -Dbarron.DRIVER.ensembleSlots/Chunk), so that slots are refilled
 * mid-way, and the f64 CPU backend as the oracle. Closing clears the properties.
 */
final class DeviceEnsembleFixture implements AutoCloseable {

    final Backend device;
    final Backend cpu;
    private final String driver;

    DeviceEnsembleFixture(BackendProvider provider) {
        driver = provider.name();
        slots(6);
        System.setProperty("barron." + driver + ".ensembleChunk", "499");
        device = provider.create(BackendOptions.of(Precision.F64));
        cpu = Backends.cpu(BackendOptions.of(Precision.F64));
    }

    /**
     * The fixture on the backend called name; skips the test class, with the reason, where that
     * backend is not in the build or not available, except under CI=true for a backend CI must
     * run (requiredUnderCi), which fails instead.
     */
    static DeviceEnsembleFixture openOrSkip(String name, boolean requiredUnderCi) {
        BackendProvider provider = Backends.providers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElse(null);
        String reason = provider == null ? "not in this build" : provider.unavailableReason();
        if (reason != null) {
            if (requiredUnderCi && "true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but the " + name + " backend is unavailable: " + reason);
            }
            Assumptions.abort("the " + name + " backend is unavailable: " + reason);
        }
        return new DeviceEnsembleFixture(provider);
    }

    /** Sets the slots of later ensembles on the device. */
    void slots(int count) {
        System.setProperty("barron." + driver + ".ensembleSlots", Integer.toString(count));
    }

    @Override
    public void close() {
        System.clearProperty("barron." + driver + ".ensembleSlots");
        System.clearProperty("barron." + driver + ".ensembleChunk");
        device.close();
        cpu.close();
    }
}
