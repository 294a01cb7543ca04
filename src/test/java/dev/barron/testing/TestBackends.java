package dev.barron.testing;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.BackendProvider;
import dev.barron.backend.Backends;
import dev.barron.backend.cpu.CpuBackend;
import dev.barron.model.Precision;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The backends a backend-level test runs on: the CPU reference, plus one backend for every
 * other {@link BackendProvider} on the classpath (ServiceLoader), so that each test holds every
 * backend present to the same oracle.
 *
 * <p>Use with {@code @ParameterizedTest @MethodSource("dev.barron.testing.TestBackends#all")};
 * JUnit closes the backends after each test. Availability rules: under CI=true an "opencl"
 * provider that is present but unavailable makes the test fail with the provider's reason
 * (the CI machine installs PoCL, so a missing runtime is a broken setup, not a skip); a
 * "tornado" provider may be absent or unavailable anywhere; elsewhere an unavailable provider
 * is left out.
 */
public final class TestBackends {

    private TestBackends() {
    }

    /** CPU float64, and every other available backend at its device's best precision. */
    public static Stream<Arguments> all() {
        List<Arguments> list = new ArrayList<>();
        list.add(named(new CpuBackend(Precision.F64)));
        for (Backend b : others(null)) {
            list.add(named(b));
        }
        return list.stream();
    }

    /** CPU float32, and every other available backend in float32. */
    public static Stream<Arguments> allF32() {
        List<Arguments> list = new ArrayList<>();
        list.add(named(new CpuBackend(Precision.F32)));
        for (Backend b : others(Precision.F32)) {
            list.add(named(b));
        }
        return list.stream();
    }

    /** Every available non-CPU backend at its best precision (empty when only the CPU is present). */
    public static Stream<Arguments> accelerators() {
        return others(null).stream().map(TestBackends::named);
    }

    /** Every available non-CPU backend in float32. */
    public static Stream<Arguments> acceleratorsF32() {
        return others(Precision.F32).stream().map(TestBackends::named);
    }

    /** Whether the tests run under continuous integration (CI=true). */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static List<Backend> others(Precision precision) {
        List<Backend> list = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equals(Backends.CPU)) {
                continue;
            }
            String reason = p.unavailableReason();
            if (reason != null) {
                if (underCi() && p.name().equalsIgnoreCase("opencl")) {
                    throw new AssertionError("CI=true but the opencl backend is unavailable: " + reason);
                }
                continue;
            }
            list.add(p.create(new BackendOptions(precision, null)));
        }
        return list;
    }

    private static Arguments named(Backend b) {
        return Arguments.of(Named.of(b.name() + "/" + b.precision().label(), b));
    }
}
