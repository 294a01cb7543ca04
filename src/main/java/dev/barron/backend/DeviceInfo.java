package dev.barron.backend;

/**
 * One device a backend can run on, as `barron devices` lists it.
 *
 * @param backend     the provider's name (cpu, opencl, tornado)
 * @param index       index within that provider, as accepted by {@link BackendOptions#device()}
 * @param name        the device's name
 * @param type        cpu, gpu, accelerator
 * @param fp64        whether float64 is supported
 * @param memoryBytes global memory
 * @param detail      platform, driver and compute units in words
 */
public record DeviceInfo(String backend, int index, String name, String type, boolean fp64, long memoryBytes,
                         String detail) {

    public boolean isAccelerator() {
        return !"cpu".equalsIgnoreCase(type);
    }
}
