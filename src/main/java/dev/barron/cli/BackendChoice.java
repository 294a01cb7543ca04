package dev.barron.cli;

import dev.barron.backend.Backend;
import dev.barron.backend.BackendOptions;
import dev.barron.backend.BackendProvider;
import dev.barron.backend.Backends;
import dev.barron.backend.ProblemSize;
import dev.barron.model.Precision;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** --backend, --device and --precision, shared by every command that computes (a picocli mixin). */
public final class BackendChoice {

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = Backends.AUTO,
            description = "auto (the fastest available for the problem size), cpu, or another provider"
                    + " listed by 'barron devices'. Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--device", paramLabel = "DEVICE",
            description = "Device index or part of its name, as listed by 'barron devices'. Default: the provider's.")
    String device;

    @Option(names = "--precision", paramLabel = "P", converter = Converters.PrecisionConverter.class,
            completionCandidates = Converters.PrecisionLabels.class,
            description = "${COMPLETION-CANDIDATES}. Default: f64 where the device has it. Results are written in this precision.")
    Precision precision;

    /** Fails unless --backend names auto or a provider on the classpath. */
    public void checkName() {
        checkName("--backend", backend);
    }

    /** Fails unless name (given as option) is auto or a provider on the classpath. */
    static void checkName(String option, String name) {
        if (name.equalsIgnoreCase(Backends.AUTO)) {
            return;
        }
        List<String> names = new ArrayList<>();
        names.add(Backends.AUTO);
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equalsIgnoreCase(name)) {
                return;
            }
            names.add(p.name());
        }
        throw BadInputException.of(option, name, "allowed: " + String.join(", ", names));
    }

    /** Opens the chosen backend; notices (a fallback the user did not choose) go to notices, one line each. */
    public Backend open(ProblemSize size, Consumer<String> notices) {
        checkName();
        return BadInputException.guard(() ->
                Backends.open(backend, new BackendOptions(precision, device), size, notices));
    }

    /** The fields every report records about where it was computed. */
    public static Map<String, Object> describe(Backend b) {
        return Reports.map("backend", b.name(), "device", b.device(), "precision", b.precision().label());
    }
}
