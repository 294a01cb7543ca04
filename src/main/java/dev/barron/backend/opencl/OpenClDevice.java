package dev.barron.backend.opencl;

import dev.barron.backend.DeviceInfo;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as found on this machine.
 *
 * @param index           index over all platforms, as --device accepts it
 * @param maxWorkGroup    CL_DEVICE_MAX_WORK_GROUP_SIZE
 * @param localMemBytes   CL_DEVICE_LOCAL_MEM_SIZE
 */
record OpenClDevice(int index, cl_platform_id platform, cl_device_id id, String name, String platformName,
                    String type, boolean fp64, long memoryBytes, long maxAllocBytes, int computeUnits,
                    long maxWorkGroup, long localMemBytes, String version) {

    boolean isAccelerator() {
        return !"cpu".equals(type);
    }

    String describe() {
        return name + " (" + platformName + ", " + version + ")";
    }

    DeviceInfo info() {
        return new DeviceInfo("opencl", index, name, type, fp64, memoryBytes,
                platformName + ", " + version + ", " + computeUnits + " compute units, max allocation "
                        + (maxAllocBytes >> 20) + " MiB");
    }
}
