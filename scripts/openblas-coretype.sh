# Sourced by ./barron and bench/*.sh: lets a system OpenBLAS older than the CPU use real
# kernels, and stops OpenBLAS's idle threads from spinning against the JVM's.
#
# The core type is chosen only for BARRON_BLAS=system: the OpenBLAS bundled in the jar (the
# default) is a current release that detects the CPU itself, and a forced core type only slows
# it down.
#
# Debian 12's OpenBLAS (0.3.21) does not know CPUs released after it (e.g. Emerald Rapids,
# family 6 model 207) and falls back to its generic "Prescott" kernels: dgemm then runs 5-7x
# slower than on the same cores with the right kernels. When OPENBLAS_CORETYPE is unset, this
# names the newest kernel family that the CPU's flags support and every OpenBLAS since 0.3.10
# knows (SkylakeX for AVX-512, Haswell for AVX2 + FMA). A value set by the user or the machine
# is kept as it is: some machines set it on purpose. The tests do not source this file.
# BARRON_CHOSE_OPENBLAS_CORETYPE=1 marks a value chosen here, so that the numpy peer can run
# under its own OpenBLAS's detection.
if [[ "${BARRON_BLAS:-auto}" == system && -z "${OPENBLAS_CORETYPE+set}" && -r /proc/cpuinfo ]]; then
    _barron_flags=" $(grep -m1 '^flags' /proc/cpuinfo) "
    if [[ "$_barron_flags" == *" avx512f "* && "$_barron_flags" == *" avx512bw "* \
          && "$_barron_flags" == *" avx512vl "* && "$_barron_flags" == *" avx512dq "* ]]; then
        export OPENBLAS_CORETYPE=SkylakeX BARRON_CHOSE_OPENBLAS_CORETYPE=1
    elif [[ "$_barron_flags" == *" avx2 "* && "$_barron_flags" == *" fma "* ]]; then
        export OPENBLAS_CORETYPE=Haswell BARRON_CHOSE_OPENBLAS_CORETYPE=1
    fi
    unset _barron_flags
fi
# OpenBLAS's idle worker threads spin after each call and take the cores from the JVM's threads,
# which compute the transcendental row pass between two BLAS calls (2 cores: -8% time and a
# quarter of the variance at m = 1024). A value set by the user is kept.
if [[ -z "${OPENBLAS_THREAD_TIMEOUT+set}" ]]; then
    export OPENBLAS_THREAD_TIMEOUT=4 BARRON_CHOSE_OPENBLAS_THREAD_TIMEOUT=1
fi
