package dev.barron.backend.tornado;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendException;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.BackendProvider;
import dev.barron.backend.DeviceInfo;
import dev.barron.backend.ProblemSize;
import dev.barron.model.Precision;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

import java.util.List;

/**
 * The "tornado" backend: Barron's kernels as TornadoVM prebuilt tasks. Registered through
 * META-INF/services only in builds with -Ptornado; usable when the JVM runs with the SDK's
 * options (setup-tornado.sh records them).
 */
public final class TornadoProvider implements BackendProvider {

    /**
     * Work (flops of one evaluation) below which a launch-bound accelerator loses to the CPU
     * backend: every task of a graph costs a kernel launch plus TornadoVM's own bookkeeping.
     */
    private static final double MIN_FLOPS_FOR_AUTO = 5e8;

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String unavailableReason() {
        return TornadoPlatform.unavailableReason();
    }

    @Override
    public List<DeviceInfo> devices() {
        return TornadoPlatform.deviceInfos();
    }

    @Override
    public Backend create(BackendOptions options) {
        BackendOptions o = options == null ? BackendOptions.defaults() : options;
        TornadoDevice device = TornadoPlatform.choose(o.device());
        boolean fp64 = TornadoPlatform.hasFp64(device);
        Precision precision = o.precision() != null ? o.precision() : (fp64 ? Precision.F64 : Precision.F32);
        if (precision == Precision.F64 && !fp64) {
            throw new BackendException("tornado: " + device.getPhysicalDevice().getDeviceName()
                    + " has no float64 (cl_khr_fp64); use --precision f32");
        }
        return new TornadoBackend(device, precision);
    }

    /** Only a GPU or accelerator, and only for work that pays for the launches (never a CPU device). */
    @Override
    public boolean preferredFor(ProblemSize size) {
        if (unavailableReason() != null) {
            return false;
        }
        TornadoDevice device = TornadoPlatform.choose(null);
        if (device.getDeviceType() == TornadoDeviceType.CPU) {
            return false;
        }
        double flops = size.n() > 0 ? size.empiricalFlops() : size.populationFlops();
        return flops >= MIN_FLOPS_FOR_AUTO;
    }
}
