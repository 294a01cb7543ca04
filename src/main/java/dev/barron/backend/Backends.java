package dev.barron.backend;

import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Finds backends by name, or the best one for a problem. */
public final class Backends {

    public static final String AUTO = "auto";
    public static final String CPU = "cpu";

    private Backends() {
    }

    /** All providers on the classpath, the CPU one first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equals(CPU)) {
                list.add(0, p);
            } else {
                list.add(p);
            }
        }
        return list;
    }

    public static BackendProvider provider(String name) {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : providers()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
            names.add(p.name());
        }
        if ("tornado".equalsIgnoreCase(name)) {
            // The TornadoVM driver is compiled only with -Ptornado; say how to get it, not just "not allowed".
            throw Check.bad("backend", name, "the TornadoVM backend is not in this build: install a TornadoVM SDK,"
                    + " run ./setup-tornado.sh with TORNADOVM_HOME set, and build and run with the command it prints"
                    + " (mvn -Ptornado ...); allowed here: " + AUTO + ", " + String.join(", ", names));
        }
        throw Check.bad("backend", name, "allowed: " + AUTO + ", " + String.join(", ", names));
    }

    /** The CPU reference backend. */
    public static Backend cpu(BackendOptions options) {
        return provider(CPU).create(options);
    }

    /**
     * Opens the backend called name, or with "auto" the best for the size. An explicit name
     * whose provider is unavailable fails with the provider's reason.
     */
    public static Backend open(String name, BackendOptions options, ProblemSize size, Consumer<String> notices) {
        if (name == null || name.equalsIgnoreCase(AUTO)) {
            return best(size, options, notices);
        }
        BackendProvider p = provider(name);
        String reason = p.unavailableReason();
        if (reason != null) {
            throw new BackendException("backend " + p.name() + " is not available: " + reason);
        }
        return p.create(options);
    }

    /**
     * The first available provider that says it beats the CPU at this size, else the CPU backend.
     * A provider that is absent or fails to open is reported through notices in one line.
     */
    public static Backend best(ProblemSize size, BackendOptions options, Consumer<String> notices) {
        for (BackendProvider p : providers()) {
            if (p.name().equals(CPU)) {
                continue;
            }
            String reason = p.unavailableReason();
            if (reason != null) {
                notices.accept("note: " + p.name() + " backend not used (" + reason + "); using cpu");
                continue;
            }
            if (!p.preferredFor(size)) {
                continue;
            }
            try {
                return p.create(options);
            } catch (BackendException e) {
                notices.accept("note: " + p.name() + " backend failed to open (" + e.getMessage() + "); using cpu");
            }
        }
        return cpu(options);
    }
}
