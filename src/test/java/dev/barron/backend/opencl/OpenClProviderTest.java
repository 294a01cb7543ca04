package dev.barron.backend.opencl;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendException;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.Backends;
import dev.barron.backend.DeviceInfo;
import dev.barron.backend.ProblemSize;
import dev.barron.model.Precision;
import org.jocl.CL;
import org.jocl.CLException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device listing and choice, precision, auto selection, and the error messages. */
class OpenClProviderTest {

    @Test
    void listsDevicesAndIsFoundByTheRegistry() {
        OpenClTestSupport.requirePlatform();
        OpenClProvider p = new OpenClProvider();
        List<DeviceInfo> devices = p.devices();
        assertFalse(devices.isEmpty());
        for (DeviceInfo d : devices) {
            assertEquals("opencl", d.backend());
            assertTrue(d.memoryBytes() > 0, d.toString());
            assertTrue(List.of("cpu", "gpu", "accelerator").contains(d.type()), d.type());
        }
        assertEquals("opencl", Backends.provider("opencl").name());
    }

    @Test
    void choosesDevicesByIndexAndNameAndPrecisionByCapability() {
        OpenClTestSupport.requirePlatform();
        OpenClProvider p = new OpenClProvider();
        DeviceInfo first = p.devices().get(0);
        try (Backend b = p.create(new BackendOptions(null, "0"))) {
            assertEquals(first.fp64() ? Precision.F64 : Precision.F32, b.precision());
            assertTrue(b.device().contains(first.name()), b.device());
        }
        String part = first.name().substring(0, Math.min(5, first.name().length())).toUpperCase();
        try (Backend b = p.create(new BackendOptions(Precision.F32, part))) {
            assertEquals(Precision.F32, b.precision());
        }
        BackendException e = assertThrows(BackendException.class, () -> p.create(new BackendOptions(null, "99")));
        assertTrue(e.getMessage().contains("invalid device = 99"), e.getMessage());
        e = assertThrows(BackendException.class, () -> p.create(new BackendOptions(null, "no-such-device-xyz")));
        assertTrue(e.getMessage().contains("no-such-device-xyz"), e.getMessage());
    }

    /** auto keeps small problems, and any problem on a CPU OpenCL device, on the CPU backend. */
    @Test
    void autoChoiceFollowsTheDocumentedRule() {
        OpenClTestSupport.requirePlatform();
        OpenClProvider p = new OpenClProvider();
        assertFalse(p.preferredFor(new ProblemSize(9, 3, 20, 0)), "d=20, m=9 stays on the cpu");
        boolean anyAccelerator = p.devices().stream().anyMatch(DeviceInfo::isAccelerator);
        assertEquals(anyAccelerator, p.preferredFor(new ProblemSize(1024, 16, 1024, 0)));
        List<String> notices = new ArrayList<>();
        try (Backend b = Backends.open("auto", BackendOptions.defaults(), new ProblemSize(9, 3, 20, 0), notices::add)) {
            assertEquals("cpu", b.name());
        }
    }

    @Test
    void deviceErrorsSayWhatToDo() {
        OpenClTestSupport.requirePlatform(); // CL itself needs the loader library
        String oom = ClErrors.wrap(new CLException("x", CL.CL_MEM_OBJECT_ALLOCATION_FAILURE), "allocating 1 KiB", "dev")
                .getMessage();
        assertTrue(oom.contains("CL_MEM_OBJECT_ALLOCATION_FAILURE") && oom.contains("out of memory"), oom);
        String lost = ClErrors.wrap(new CLException("x", CL.CL_OUT_OF_RESOURCES), "running kernel gram", "dev").getMessage();
        assertTrue(lost.contains("checkpoint") && lost.contains("gram"), lost);
        String busy = ClErrors.wrap(new CLException("x", CL.CL_DEVICE_NOT_AVAILABLE), "creating a context", "dev")
                .getMessage();
        assertTrue(busy.contains("not available"), busy);
    }

    @Test
    void aBrokenKernelReportsTheBuildLog() {
        OpenClTestSupport.requirePlatform();
        OpenClDevice device = OpenClDevices.choose("0");
        BackendException e = assertThrows(BackendException.class, () -> CompiledProgram.build(device,
                new RealType(Precision.F32), "__kernel void broken(__global float* x) { x[0] = undefined_name; }"));
        assertTrue(e.getMessage().contains("build log") && e.getMessage().contains("undefined_name"), e.getMessage());
    }
}
