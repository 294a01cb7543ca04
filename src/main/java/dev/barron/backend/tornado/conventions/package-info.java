/**
 * TornadoVM's conventions that Barron's kernels and drivers must follow, written without any
 * TornadoVM class: the name TornadoVM's PTX backend looks a prebuilt kernel up by
 * ({@link dev.barron.backend.tornado.conventions.TornadoKernelName}) and the arguments each
 * entry point of kernels/tornado_entries.cl takes ({@link dev.barron.backend.tornado.conventions.TornadoEntry}).
 * They belong to the TornadoVM driver (src/tornado, built only with -Ptornado) but live in the
 * default build so that the tests that check them (TornadoKernelNameTest, TornadoPtxTest,
 * KernelSignatureTest) run without a TornadoVM SDK. The slots of the params array, which the
 * device program names, are {@link dev.barron.backend.program.ParamSlot}.
 */
package dev.barron.backend.tornado.conventions;
