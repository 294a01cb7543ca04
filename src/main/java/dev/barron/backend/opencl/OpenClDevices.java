package dev.barron.backend.opencl;

import dev.barron.backend.BackendException;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lists the OpenCL platforms and devices of this machine (once per JVM) and picks one. */
final class OpenClDevices {

    static final String INSTALL_HINT = "run ./setup-tornado.sh (installs the OpenCL loader and the PoCL CPU runtime) "
            + "or install your GPU vendor's OpenCL driver";

    private static List<OpenClDevice> devices;
    private static String failure;

    private OpenClDevices() {
    }

    /** Null when at least one device is usable; otherwise why not, with the fix. */
    static synchronized String unavailableReason() {
        scan();
        if (failure != null) {
            return failure;
        }
        return devices.isEmpty() ? "no OpenCL device found; " + INSTALL_HINT : null;
    }

    static synchronized List<OpenClDevice> all() {
        scan();
        return devices;
    }

    /**
     * The device named by selector: an index, or a case-insensitive part of the device or platform
     * name; null picks the first GPU or accelerator, else the first device.
     */
    static OpenClDevice choose(String selector) {
        List<OpenClDevice> list = all();
        if (list.isEmpty()) {
            throw new BackendException("opencl: " + unavailableReason());
        }
        if (selector == null || selector.isBlank()) {
            for (OpenClDevice d : list) {
                if (d.isAccelerator()) {
                    return d;
                }
            }
            return list.get(0);
        }
        String s = selector.trim();
        if (s.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(s);
            if (i < list.size()) {
                return list.get(i);
            }
            throw new BackendException("opencl: invalid device = " + s + ": allowed: 0.." + (list.size() - 1)
                    + " or a part of a device name (see `barron devices`)");
        }
        String needle = s.toLowerCase(Locale.ROOT);
        for (OpenClDevice d : list) {
            if (d.name().toLowerCase(Locale.ROOT).contains(needle)
                    || d.platformName().toLowerCase(Locale.ROOT).contains(needle)) {
                return d;
            }
        }
        throw new BackendException("opencl: invalid device = " + s + ": no OpenCL device name contains it (see `barron devices`)");
    }

    private static void scan() {
        if (devices != null) {
            return;
        }
        String loader = OpenClLoader.problem();
        if (loader != null) {
            failure = "the OpenCL loader " + loader + "; install ocl-icd-opencl-dev and an OpenCL runtime: "
                    + INSTALL_HINT;
            devices = List.of();
            return;
        }
        List<OpenClDevice> found = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            CL.setExceptionsEnabled(false);
            int status = CL.clGetPlatformIDs(0, null, count);
            CL.setExceptionsEnabled(true);
            if (status != CL.CL_SUCCESS || count[0] == 0) {
                failure = "no OpenCL platform found; " + INSTALL_HINT;
                devices = List.of();
                return;
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            for (cl_platform_id p : platforms) {
                String platformName = platformString(p, CL.CL_PLATFORM_NAME);
                int[] n = new int[1];
                CL.setExceptionsEnabled(false);
                status = CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
                CL.setExceptionsEnabled(true);
                if (status != CL.CL_SUCCESS || n[0] == 0) {
                    continue;
                }
                cl_device_id[] ids = new cl_device_id[n[0]];
                CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                for (cl_device_id id : ids) {
                    found.add(describe(found.size(), p, platformName, id));
                }
            }
            devices = List.copyOf(found);
        } catch (LinkageError | RuntimeException e) {
            // JOCL dlopens the unversioned libOpenCL.so, which Debian ships in ocl-icd-opencl-dev.
            failure = "the OpenCL loader libOpenCL.so could not be loaded (" + e.getMessage()
                    + "); install ocl-icd-opencl-dev and an OpenCL runtime: " + INSTALL_HINT;
            devices = List.of();
        }
    }

    private static OpenClDevice describe(int index, cl_platform_id p, String platformName, cl_device_id id) {
        long type = deviceLong(id, CL.CL_DEVICE_TYPE);
        String typeName = (type & CL.CL_DEVICE_TYPE_GPU) != 0 ? "gpu"
                : (type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator" : "cpu";
        String extensions = deviceString(id, CL.CL_DEVICE_EXTENSIONS);
        boolean fp64 = extensions.contains("cl_khr_fp64");
        return new OpenClDevice(index, p, id, deviceString(id, CL.CL_DEVICE_NAME).trim(), platformName.trim(), typeName,
                fp64, deviceLong(id, CL.CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(id, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                deviceInt(id, CL.CL_DEVICE_MAX_COMPUTE_UNITS), deviceSize(id, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE),
                deviceLong(id, CL.CL_DEVICE_LOCAL_MEM_SIZE), deviceString(id, CL.CL_DEVICE_VERSION).trim());
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static String deviceString(cl_device_id id, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(id, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(id, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static long deviceLong(cl_device_id id, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(id, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static int deviceInt(cl_device_id id, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(id, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSize(cl_device_id id, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(id, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
