package dev.barron.backend.opencl;

import dev.barron.backend.BackendException;
import org.jocl.CL;
import org.jocl.CLException;

/** Turns OpenCL status codes into messages a user can act on. */
final class ClErrors {

    private ClErrors() {
    }

    static BackendException wrap(CLException e, String what, String device) {
        int status = e.getStatus();
        String name = CL.stringFor_errorCode(status);
        String advice;
        switch (status) {
            case CL.CL_MEM_OBJECT_ALLOCATION_FAILURE:
            case CL.CL_OUT_OF_HOST_MEMORY:
            case CL.CL_INVALID_BUFFER_SIZE:
                advice = "the device is out of memory for this problem size; use a smaller problem, "
                        + "float32 (--precision f32), or the cpu backend";
                break;
            case CL.CL_OUT_OF_RESOURCES:
                advice = "the device ran out of resources or was lost (a driver reset or a kernel timeout); "
                        + "rerun, or resume from the last checkpoint on another backend";
                break;
            case CL.CL_DEVICE_NOT_AVAILABLE:
                advice = "the device is not available (in use exclusively, or lost); choose another with --device";
                break;
            default:
                advice = "OpenCL error";
                break;
        }
        return new BackendException("opencl: " + what + " failed on " + device + " with " + name + ": " + advice, e);
    }
}
