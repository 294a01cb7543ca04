/*
 * barron_portability.h: the one place where OpenCL C and CUDA C differ for Barron's kernels.
 *
 * Every kernel file (kernels/NAME.cl) is written against these macros only, so the same bodies compile
 * as OpenCL C (JOCL, PoCL, GPU drivers; TornadoVM prebuilt tasks) and as CUDA C++ to PTX
 * (nvcc --ptx, checked by the tests where nvcc is installed). No kernel body is written twice.
 *
 * Build options, all from dev.barron.backend.program.KernelConstants.defines (every driver's build):
 *   -DREAL_IS_DOUBLE   the real type is double (needs cl_khr_fp64); otherwise float.
 *   -DBARRON_TILE=n    square tile edge of the matrix products (16, or 8 on small devices).
 *   -DBARRON_GROUP=n   work-group size of the row reductions (64 or less, a power of two).
 *   -DBARRON_REDUCE=n  work-group size of the single-group reductions (256 or less, a power of two).
 *   -DBARRON_<NAME>=v  the numbers shared with Java (activation codes, params slots, limits):
 *                      defined there only, never in kernels/ (KernelConstantsTest).
 */
#ifndef BARRON_PORTABILITY_H
#define BARRON_PORTABILITY_H

#ifdef __CUDACC__
/* ---- CUDA C++ ---- */
#define KERNEL extern "C" __global__
#define GLOBAL
#define LOCAL __shared__
#define LOCAL_PTR
#define RESTRICT __restrict__
#define DEVICE_FN static __device__ __forceinline__
#define LOCAL_BARRIER() __syncthreads()
#define GROUP_BARRIER() __syncthreads()
DEVICE_FN int barron_dim3(unsigned x, unsigned y, unsigned z, int dim) { return (int) (dim == 0 ? x : (dim == 1 ? y : z)); }
#define LOCAL_ID(d) barron_dim3(threadIdx.x, threadIdx.y, threadIdx.z, d)
#define GROUP_ID(d) barron_dim3(blockIdx.x, blockIdx.y, blockIdx.z, d)
#define LOCAL_SIZE(d) barron_dim3(blockDim.x, blockDim.y, blockDim.z, d)
#define NUM_GROUPS(d) barron_dim3(gridDim.x, gridDim.y, gridDim.z, d)
#define GLOBAL_ID(d) (GROUP_ID(d) * LOCAL_SIZE(d) + LOCAL_ID(d))
typedef long long i64;
typedef unsigned char uchar;
#define AS_DOUBLE(b) __longlong_as_double(b)
#define AS_FLOAT(b) __int_as_float(b)
#else
/* ---- OpenCL C 1.2 ---- */
#ifdef REAL_IS_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#define KERNEL __kernel
#define GLOBAL __global
#define LOCAL __local
#define LOCAL_PTR __local
#define RESTRICT restrict
#define DEVICE_FN static inline
#define LOCAL_BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
/* A barrier that also orders the group's global writes (ensemble.cl keeps its scratch there). */
#define GROUP_BARRIER() barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)
#define LOCAL_ID(d) ((int) get_local_id(d))
#define GROUP_ID(d) ((int) get_group_id(d))
#define LOCAL_SIZE(d) ((int) get_local_size(d))
#define NUM_GROUPS(d) ((int) get_num_groups(d))
#define GLOBAL_ID(d) ((int) get_global_id(d))
typedef long i64;
#define AS_DOUBLE(b) as_double(b)
#define AS_FLOAT(b) as_float(b)
#endif

/* The real type. Math functions (sqrt, acos, atan2, sin, cos, exp, erf, asin, fabs, fmin, fmax)
 * are overloaded on float and double in both OpenCL C and CUDA C++, so bodies call them as is. */
#ifdef REAL_IS_DOUBLE
typedef double real;
#else
typedef float real;
#endif

/* The real whose bit pattern is b: all 64 bits for double, the low 32 (b sign-extended from an
 * int) for float. TornadoVM's entry points take real scalars this way (tornado_entries.cl). */
#ifdef REAL_IS_DOUBLE
DEVICE_FN real real_from_bits(i64 b) { return AS_DOUBLE(b); }
#else
DEVICE_FN real real_from_bits(i64 b) { return AS_FLOAT((int) b); }
#endif

/* A literal in the real type: unsuffixed literals are double, which a device without fp64 rejects. */
#define R(x) ((real) (x))
#define BARRON_PI R(3.14159265358979323846)
#define BARRON_INV_2PI R(0.15915494309189533577)
#define BARRON_TWO_OVER_PI R(0.63661977236758134308)
#define BARRON_SQRT_2_OVER_PI R(0.79788456080286535588)
#define BARRON_INV_SQRT_2 R(0.70710678118654752440)

/* The work-group geometry is the driver's choice for its device, so it has no default here. */
#if !defined(BARRON_TILE) || !defined(BARRON_GROUP) || !defined(BARRON_REDUCE)
#error "build with the -D options of dev.barron.backend.program.KernelConstants (BARRON_TILE, _GROUP, _REDUCE)"
#endif

#endif /* BARRON_PORTABILITY_H */
