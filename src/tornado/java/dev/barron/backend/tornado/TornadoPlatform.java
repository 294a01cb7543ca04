package dev.barron.backend.tornado;

import dev.barron.backend.BackendException;
import dev.barron.backend.DeviceInfo;
import dev.barron.model.Check;
import uk.ac.manchester.tornado.api.TornadoBackend;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What this JVM's TornadoVM runtime offers: whether it started, its version, and the devices of
 * its OpenCL and PTX backends (the kernels are OpenCL C, and CUDA C through nvcc for PTX; see
 * {@link #devices()}).
 */
final class TornadoPlatform {

    static final String SETUP_HINT = "install a TornadoVM SDK (https://github.com/beehive-lab/TornadoVM/releases),"
            + " run ./setup-tornado.sh with TORNADOVM_HOME set, and build/run with the command it prints";

    private static volatile String startFailure;
    private static volatile boolean probed;

    private TornadoPlatform() {
    }

    /** Null when the TornadoVM runtime started in this JVM; otherwise why not and how to fix it. */
    static synchronized String unavailableReason() {
        if (!probed) {
            try {
                List<TornadoDevice> found = devices();
                startFailure = found.isEmpty()
                        ? "TornadoVM started but has no OpenCL or PTX device (TornadoVM " + version() + ")"
                        : null;
            } catch (Throwable t) {
                // The runtime is found through system properties and modules that only the SDK's
                // JVM options provide; without them class loading or initialisation fails here.
                startFailure = "the TornadoVM runtime did not start in this JVM (" + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage())) + "); " + SETUP_HINT;
            }
            probed = true;
        }
        return startFailure;
    }

    /** The TornadoVM version of the tornado-api jar on the module path, or "unknown". */
    static String version() {
        try (InputStream in = TornadoExecutionPlan.class.getResourceAsStream(
                "/META-INF/maven/io.github.beehive-lab/tornado-api/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The devices of TornadoVM's OpenCL and PTX backends, in TornadoVM's order of backends and
     * devices. The SPIR-V backend is not offered: it takes SPIR-V binaries, which Barron does not
     * build from its kernels.
     */
    static List<TornadoDevice> devices() {
        List<TornadoDevice> list = new ArrayList<>();
        for (TornadoBackend backend : TornadoExecutionPlan.getTornadoDeviceMap().getAllBackends()) {
            TornadoVMBackendType type = backend.getBackendType();
            if (type != TornadoVMBackendType.OPENCL && type != TornadoVMBackendType.PTX) {
                continue;
            }
            for (int i = 0; i < backend.getNumDevices(); i++) {
                list.add(backend.getDevice(i));
            }
        }
        return list;
    }

    /** The device belongs to TornadoVM's PTX backend (an NVIDIA GPU driven through CUDA). */
    static boolean isPtx(TornadoDevice device) {
        return device.getTornadoVMBackend() == TornadoVMBackendType.PTX;
    }

    static List<DeviceInfo> deviceInfos() {
        if (unavailableReason() != null) {
            return List.of();
        }
        List<DeviceInfo> infos = new ArrayList<>();
        List<TornadoDevice> devices = devices();
        for (int i = 0; i < devices.size(); i++) {
            infos.add(info(i, devices.get(i)));
        }
        return infos;
    }

    static DeviceInfo info(int index, TornadoDevice device) {
        String type = switch (device.getDeviceType()) {
            case CPU -> "cpu";
            case GPU -> "gpu";
            default -> "accelerator";
        };
        String backend = isPtx(device) ? "PTX backend (kernels compiled by nvcc)"
                : "OpenCL backend, " + device.getPlatformName();
        return new DeviceInfo("tornado", index, device.getPhysicalDevice().getDeviceName(), type, hasFp64(device),
                device.getMaxGlobalMemory(), "TornadoVM " + version() + " " + backend + ", "
                + device.getPhysicalDevice().getDeviceMaxComputeUnits() + " compute units"
                + (isPtx(device) ? "" : ", " + device.getDeviceOpenCLCVersion()));
    }

    /** The device by index or by a case-insensitive part of its name; null picks TornadoVM's first device. */
    static TornadoDevice choose(String selector) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new BackendException("tornado: " + reason);
        }
        List<TornadoDevice> devices = devices();
        if (selector == null || selector.isBlank()) {
            return devices.get(0);
        }
        try {
            int index = Integer.parseInt(selector.trim());
            if (index < 0 || index >= devices.size()) {
                throw Check.bad("device", selector, "allowed: 0.." + (devices.size() - 1) + " or part of a name ("
                        + names(devices) + ")");
            }
            return devices.get(index);
        } catch (NumberFormatException notAnIndex) {
            for (TornadoDevice d : devices) {
                if (d.getPhysicalDevice().getDeviceName().toLowerCase().contains(selector.trim().toLowerCase())) {
                    return d;
                }
            }
            throw Check.bad("device", selector, "allowed: an index or part of a name (" + names(devices) + ")");
        }
    }

    /**
     * TornadoVM's API has no fp64 flag: an OpenCL device's description lists cl_khr_fp64, and
     * every GPU that CUDA (and so the PTX backend) supports has float64.
     */
    static boolean hasFp64(TornadoDevice device) {
        if (isPtx(device)) {
            return true;
        }
        String info = device.getPhysicalDevice().getDeviceInfo();
        return info != null && info.contains("cl_khr_fp64");
    }

    /**
     * The largest work-group (block) the device launches. On PTX, getDeviceMaxWorkGroupSize()
     * answers the largest grid, so the threads per block are asked instead.
     */
    static long maxWorkGroup(TornadoDevice device) {
        if (isPtx(device)) {
            return device.getPhysicalDevice().getMaxThreadsPerBlock();
        }
        long[] sizes = device.getPhysicalDevice().getDeviceMaxWorkGroupSize();
        return sizes == null || sizes.length == 0 ? 64 : sizes[0];
    }

    private static String names(List<TornadoDevice> devices) {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            n.add(i + ": " + devices.get(i).getPhysicalDevice().getDeviceName());
        }
        return String.join(", ", n);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
