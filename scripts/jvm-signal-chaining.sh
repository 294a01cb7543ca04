# Sourced by ./barron and bench/gpu.sh, with JAVA set to the java they run (a path or a name on
# the PATH): preloads the JDK's libjsig so that native libraries cannot take the JVM's signals.
#
# The JVM raises SIGSEGV on purpose (safepoint polls, implicit null checks) and handles it
# itself. A native library that installs a SIGSEGV handler of its own while the JVM runs may
# take those signals, and the JVM then dies of signal 11 with no error report. With the OpenCL
# runtime PoCL on the machine (a CPU device, as on CI), `barron survey --backend auto` (which
# opens the OpenCL runtime to choose its backend) died so in 10 of 50 runs, a few seconds in,
# leaving a runs.csv of its header alone; with --backend cpu in none of 10, and with libjsig
# preloaded in none of 26. libjsig is the JDK's remedy: it hands such handlers to the JVM, which
# keeps the signals that are its own and passes the rest on to them.
# A libjsig already in LD_PRELOAD is kept; a JDK without one is left as it is.
_barron_java="$(command -v "${JAVA:-java}" 2>/dev/null || true)"
if [[ -n "$_barron_java" ]]; then
    _barron_jsig="$(dirname "$(dirname "$(readlink -f "$_barron_java")")")/lib/libjsig.so"
    if [[ -f "$_barron_jsig" && "${LD_PRELOAD:-}" != *libjsig.so* ]]; then
        export LD_PRELOAD="$_barron_jsig${LD_PRELOAD:+:$LD_PRELOAD}"
    fi
fi
unset _barron_java _barron_jsig
