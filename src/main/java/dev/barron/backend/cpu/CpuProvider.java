package dev.barron.backend.cpu;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.BackendProvider;
import dev.barron.backend.DeviceInfo;
import dev.barron.backend.ProblemSize;
import dev.barron.model.Precision;

import java.util.List;

/** The plain-Java reference backend; always available. */
public final class CpuProvider implements BackendProvider {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public List<DeviceInfo> devices() {
        int threads = Runtime.getRuntime().availableProcessors();
        return List.of(new DeviceInfo("cpu", 0, CpuBackend.describeDevice(threads), "cpu", true,
                Runtime.getRuntime().maxMemory(), "plain Java, " + threads + " threads, BLAS: " + CpuBackend.blasName()));
    }

    @Override
    public Backend create(BackendOptions options) {
        Precision p = options.precision() == null ? Precision.F64 : options.precision();
        return new CpuBackend(p);
    }

    @Override
    public boolean preferredFor(ProblemSize size) {
        return false;
    }

    @Override
    public String note() {
        return BlasLibrary.get().note();
    }
}
