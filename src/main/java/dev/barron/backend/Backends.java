package dev.barron.backend;

import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
        Backend b;
        if (name == null || name.equalsIgnoreCase(AUTO)) {
            b = best(size, options, notices);
        } else {
            BackendProvider p = provider(name);
            String reason = p.unavailableReason();
            if (reason != null) {
                throw new BackendException("backend " + p.name() + " is not available: " + reason);
            }
            b = p.create(options);
        }
        noteOnce(provider(b.name()).note(), notices);
        return b;
    }

    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    /** A provider's note goes out once per JVM, not once per backend a survey opens. */
    private static void noteOnce(String note, Consumer<String> notices) {
        if (note != null && NOTED.add(note)) {
            notices.accept(note);
        }
    }

    /**
     * The first available provider that says it beats the CPU at this size, else the CPU backend.
     * A provider that is available and preferred but fails to open is reported through notices in
     * one line. An absent one (no OpenCL runtime installed, say) is passed over silently: nothing
     * the user asked for was given up, and `barron devices` says why it is absent.
     */
    public static Backend best(ProblemSize size, BackendOptions options, Consumer<String> notices) {
        for (BackendProvider p : providers()) {
            if (p.name().equals(CPU)) {
                continue;
            }
            if (p.unavailableReason() != null || !p.preferredFor(size)) {
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
