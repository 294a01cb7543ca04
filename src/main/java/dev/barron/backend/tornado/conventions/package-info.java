/**
 * TornadoVM's conventions that Barron's kernels and drivers must follow, written without any
 * TornadoVM class: the name TornadoVM's PTX backend looks a prebuilt kernel up by
 * ({@link dev.barron.backend.tornado.conventions.TornadoKernelName}) and the slots of the params
 * array of kernels/tornado_entries.cl ({@link dev.barron.backend.tornado.conventions.TornadoParam}).
 * They belong to the TornadoVM driver (src/tornado, built only with -Ptornado) but live in the
 * default build so that the tests that check them (TornadoKernelNameTest, TornadoPtxTest,
 * KernelConstantsTest) run without a TornadoVM SDK, and so that the kernel build options can be
 * generated from TornadoParam.
 */
package dev.barron.backend.tornado.conventions;
