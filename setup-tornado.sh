#!/usr/bin/env bash
# Sets up the accelerator runtimes Barron can use.
#
#   ./setup-tornado.sh                 OpenCL runtime, then the TornadoVM part
#   ./setup-tornado.sh --opencl-only   only the OpenCL runtime (what .ci/run uses)
#
# OpenCL part (Debian/Ubuntu): installs the ICD loader (ocl-icd-libopencl1), PoCL (an OpenCL
# implementation on the CPU, pocl-opencl-icd), clinfo and the OpenCL headers with apt-get,
# as root directly or through sudo otherwise. Idempotent: packages already installed are
# skipped, and the script says what it did.
set -euo pipefail

OPENCL_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --opencl-only) OPENCL_ONLY=1 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup-tornado.sh: unknown option '$arg'; allowed: --opencl-only, --help" >&2; exit 2 ;;
    esac
done

say() { echo "setup-tornado.sh: $*"; }

# ================================ OpenCL runtime ========================================
# ocl-icd-opencl-dev: JOCL loads the unversioned libOpenCL.so, which only the -dev package links.
OPENCL_PACKAGES=(ocl-icd-libopencl1 ocl-icd-opencl-dev pocl-opencl-icd clinfo opencl-headers)

installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        say "need root to run '$*' and sudo is not installed; run this script as root" >&2
        exit 1
    fi
}

setup_opencl() {
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        say "not a Debian-like system (no apt-get); install an OpenCL ICD loader, an OpenCL driver and clinfo with your package manager" >&2
        return 1
    fi
    local missing=()
    for p in "${OPENCL_PACKAGES[@]}"; do
        if installed "$p"; then
            say "$p already installed, skipped"
        else
            missing+=("$p")
        fi
    done
    if ((${#missing[@]} == 0)); then
        say "OpenCL runtime: nothing to do"
    else
        say "installing ${missing[*]} with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        # Stale or absent package lists (fresh containers) make the install fail: refresh and retry once.
        if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; then
            say "refreshing the package lists (apt-get update) and retrying"
            as_root apt-get update -q
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
        fi
        say "installed ${missing[*]}"
    fi
    if command -v clinfo >/dev/null 2>&1; then
        local devices
        devices="$(clinfo -l 2>/dev/null || true)"
        if [[ -n "$devices" ]]; then
            say "OpenCL platforms and devices:"
            echo "$devices" | sed 's/^/    /'
        else
            say "clinfo lists no OpenCL platform: check /etc/OpenCL/vendors/*.icd" >&2
        fi
    fi
}

setup_opencl

if [[ "$OPENCL_ONLY" == 1 ]]; then
    exit 0
fi

# ================================ TornadoVM =============================================
# Wires an installed TornadoVM SDK into the build; it never downloads or builds TornadoVM.
# With TORNADOVM_HOME set (or an SDK in a usual place: SDKMAN's current tornadovm,
# /opt/tornadovm*, ~/tornadovm*, /usr/local/tornadovm*) it
#   1. checks the SDK (its jars, native libraries and JVM options),
#   2. installs its tornado-*.jar into the local Maven repository under their own coordinates
#      (read from each jar's META-INF/maven/.../pom.properties), skipping identical ones,
#   3. records the JVM options the SDK needs, one per line, in .tornado/jvm.options (read by
#      ./barron and by the tornado Maven profile's surefire configuration),
#   4. lists the devices TornadoVM sees and prints the commands to build and run with -Ptornado.
# Without an SDK it says where TornadoVM's official releases are and exits 0. Running it twice
# changes nothing. MAVEN_LOCAL_REPO: a local repository other than ~/.m2/repository.
TORNADOVM_RELEASES="https://github.com/beehive-lab/TornadoVM/releases"
TORNADO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.tornado"

tornado_sdk_ok() {
    [[ -d "$1" ]] && compgen -G "$1/share/java/tornado/tornado-api-*.jar" >/dev/null
}

find_tornado_sdk() {
    if [[ -n "${TORNADOVM_HOME:-}" ]]; then
        echo "$TORNADOVM_HOME"
        return
    fi
    local c
    for c in "$HOME/.sdkman/candidates/tornadovm/current" /opt/tornadovm* "$HOME"/tornadovm* /usr/local/tornadovm*; do
        if tornado_sdk_ok "$c"; then
            echo "$c"
            return
        fi
    done
}

# The java of the JDK TornadoVM runs on: JAVA_HOME's, else the one on the PATH.
tornado_java() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        echo "$JAVA_HOME/bin/java"
    else
        command -v java || true
    fi
}

java_feature() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

# The SDK's JVM options, one token per line: from the argfile template releases ship
# (tornado-argfile.template, ${TORNADOVM_HOME} placeholders) or an expanded tornado-argfile.
# The template's module path starts with "." (the working directory, for TornadoVM's own
# launcher); Barron runs from its classpath, and with "." any jar in the directory Barron is
# started from would become a module and stop the JVM at boot. The entry is left out.
tornado_jvm_options() {
    local sdk="$1" src
    if [[ -f "$sdk/tornado-argfile.template" ]]; then
        src="$sdk/tornado-argfile.template"
    elif [[ -f "$sdk/tornado-argfile" ]]; then
        src="$sdk/tornado-argfile"
    else
        return 1
    fi
    echo "# JVM options of the TornadoVM SDK $sdk, written by setup-tornado.sh from $(basename "$src")"
    sed -e 's/#.*$//' -e "s#\${TORNADOVM_HOME}#$sdk#g" "$src" | tr -s ' \t' '\n\n' | sed '/^$/d' \
        | awk 'after_module_path { n = split($0, e, ":"); $0 = ""
                                   for (i = 1; i <= n; i++) if (e[i] != ".") $0 = $0 ($0 == "" ? "" : ":") e[i] }
               { after_module_path = ($0 == "--module-path" || $0 == "-p"); print }'
}

install_tornado_jars() {
    local sdk="$1" repo="${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}" jar props g a v classifier target
    for jar in "$sdk"/share/java/tornado/tornado-*.jar; do
        props="$(unzip -Z1 "$jar" 2>/dev/null | grep -m1 '^META-INF/maven/.*/pom.properties$' || true)"
        if [[ -z "$props" ]]; then
            say "  $(basename "$jar"): no Maven coordinates inside, skipped"
            continue
        fi
        g="$(unzip -p "$jar" "$props" | sed -n 's/^groupId=//p' | tr -d '\r')"
        a="$(unzip -p "$jar" "$props" | sed -n 's/^artifactId=//p' | tr -d '\r')"
        v="$(unzip -p "$jar" "$props" | sed -n 's/^version=//p' | tr -d '\r')"
        classifier=""
        [[ "$(basename "$jar")" == "$a-$v-"*.jar ]] && classifier="$(basename "$jar" .jar)" && classifier="${classifier#"$a-$v-"}"
        target="$repo/${g//.//}/$a/$v/$a-$v${classifier:+-$classifier}.jar"
        if [[ -f "$target" ]] && cmp -s "$jar" "$target"; then
            say "  $g:$a:$v${classifier:+:$classifier} already installed, skipped"
            continue
        fi
        mvn -B -q ${MAVEN_LOCAL_REPO:+-Dmaven.repo.local="$MAVEN_LOCAL_REPO"} \
            org.apache.maven.plugins:maven-install-plugin:3.1.2:install-file -Dfile="$jar" \
            -DgroupId="$g" -DartifactId="$a" -Dversion="$v" -Dpackaging=jar -DgeneratePom=true \
            ${classifier:+-Dclassifier="$classifier"}
        say "  installed $g:$a:$v${classifier:+:$classifier}"
    done
}

setup_tornado() {
    local sdk
    sdk="$(find_tornado_sdk)"
    if [[ -z "$sdk" ]]; then
        say "TornadoVM: no SDK found (TORNADOVM_HOME is not set and none is in the usual places)."
        say "  The tornado backend is optional; the cpu and opencl backends need nothing more."
        say "  To use it, install an SDK from TornadoVM's official releases, $TORNADOVM_RELEASES"
        say "  (or with SDKMAN: sdk install tornadovm), then run: TORNADOVM_HOME=<sdk> ./setup-tornado.sh"
        return 0
    fi
    sdk="$(cd "$sdk" && pwd)"
    if ! tornado_sdk_ok "$sdk"; then
        say "TornadoVM: $sdk does not look like a TornadoVM SDK (no share/java/tornado/tornado-api-*.jar);" \
            "set TORNADOVM_HOME to the directory that holds bin/, lib/ and share/ ($TORNADOVM_RELEASES)" >&2
        return 1
    fi
    if [[ "$sdk" == *" "* ]]; then
        say "TornadoVM: the SDK path '$sdk' contains a space, which the JVM option files cannot carry; move it" >&2
        return 1
    fi
    local api version
    api="$(ls "$sdk"/share/java/tornado/tornado-api-*.jar | head -1)"
    version="$(basename "$api" .jar)"
    version="${version#tornado-api-}"
    say "TornadoVM: SDK $sdk (version $version, backends: $(sed -n 's/^tornado.backends=//p' "$sdk/etc/tornado.backend" 2>/dev/null || echo unknown))"
    compgen -G "$sdk/lib/libtornado-*" >/dev/null || say "  warning: no native TornadoVM library in $sdk/lib" >&2
    if grep -q '^tornado.backends=.*ptx' "$sdk/etc/tornado.backend" 2>/dev/null; then
        # Barron turns its kernels into PTX with nvcc (dev.barron.backend.ptx.Nvcc looks in these places).
        local nvcc=""
        for c in "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" "${CUDA_PATH:+$CUDA_PATH/bin/nvcc}" "$(command -v nvcc || true)" \
                 /usr/local/cuda/bin/nvcc; do
            if [[ -n "$c" && -x "$c" ]]; then nvcc="$c"; break; fi
        done
        if [[ -n "$nvcc" ]]; then
            say "  PTX backend: kernels will be compiled by $nvcc ($("$nvcc" --version | sed -n 's/.*release \([0-9.]*\).*/CUDA \1/p'))"
        else
            say "  PTX backend: nvcc not found; Barron needs it to run on PTX devices (install the CUDA toolkit," \
                "set CUDA_HOME or put nvcc on the PATH). OpenCL devices work without it." >&2
        fi
    fi

    if ! command -v mvn >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then
        say "  Maven (mvn) and unzip are needed to install the SDK's jars into the local repository" >&2
        return 1
    fi
    say "  installing the SDK's jars into the local Maven repository:"
    install_tornado_jars "$sdk"

    local options
    if ! options="$(tornado_jvm_options "$sdk")"; then
        say "  the SDK has neither tornado-argfile.template nor tornado-argfile; run '$sdk/bin/tornado --generate-argfile' once, then this script again" >&2
        return 1
    fi
    mkdir -p "$TORNADO_DIR"
    if [[ -f "$TORNADO_DIR/jvm.options" ]] && [[ "$(cat "$TORNADO_DIR/jvm.options")" == "$options" ]]; then
        say "  JVM options in .tornado/jvm.options unchanged"
    else
        printf '%s\n' "$options" > "$TORNADO_DIR/jvm.options.tmp"
        mv "$TORNADO_DIR/jvm.options.tmp" "$TORNADO_DIR/jvm.options"
        say "  recorded the SDK's JVM options in .tornado/jvm.options ($(grep -vc '^#' "$TORNADO_DIR/jvm.options") tokens)"
    fi

    local java feature
    java="$(tornado_java)"
    feature="$([[ -n "$java" ]] && java_feature "$java" || true)"
    if [[ -z "$feature" || "$feature" -lt 21 ]]; then
        say "  the SDK needs the JDK it was built for (21 or 25); ${java:-no java} is ${feature:-unknown}:" \
            "set JAVA_HOME to that JDK and run this script again to list the devices" >&2
        feature=""
    else
        say "  devices TornadoVM sees (with $java, Java $feature):"
        local query=(uk.ac.manchester.tornado.drivers.TornadoDeviceQuery verbose)
        if "$java" @"$TORNADO_DIR/jvm.options" "${query[@]}" >/dev/null 2>&1; then
            "$java" @"$TORNADO_DIR/jvm.options" "${query[@]}" 2>/dev/null | grep -v '^WARNING' | sed 's/^/    /'
        elif [[ -x "$sdk/bin/tornado" ]] && command -v python3 >/dev/null 2>&1; then
            JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java")")")" TORNADOVM_HOME="$sdk" "$sdk/bin/tornado" --devices 2>/dev/null \
                | grep -v '^WARNING' | sed 's/^/    /'
        else
            say "    (could not run TornadoVM's device query; try: TORNADOVM_HOME=$sdk $sdk/bin/tornado --devices)"
        fi
    fi
    local jh="${JAVA_HOME:-<the JDK 21/25 of the SDK>}"
    say "TornadoVM is wired in. Build and test with the tornado profile (clean: target/ may hold a build without it):"
    echo "    JAVA_HOME=$jh mvn -Ptornado -Dtornado.version=$version clean test"
    say "and run Barron on it (package with the profile, then keep ./barron from rebuilding without it):"
    echo "    JAVA_HOME=$jh mvn -Ptornado -Dtornado.version=$version -DskipTests clean package"
    echo "    JAVA_HOME=$jh BARRON_NO_BUILD=1 ./barron devices"
    echo "    JAVA_HOME=$jh BARRON_NO_BUILD=1 ./barron teacher-student --backend tornado"
    say "(back to the default build, Java 17 and no TornadoVM: mvn clean package)"
}

setup_tornado
# ============================== end TornadoVM ===========================================
