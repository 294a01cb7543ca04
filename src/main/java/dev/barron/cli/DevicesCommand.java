package dev.barron.cli;

import dev.barron.backend.BackendProvider;
import dev.barron.backend.Backends;
import dev.barron.backend.DeviceInfo;
import dev.barron.io.PendingFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** barron devices: every backend provider, whether it is usable here, and its devices. */
@Command(name = "devices", sortOptions = false,
        description = {"Lists every backend, whether it is available here (and why not), and its devices.",
                "Use a backend's name with --backend and a device's index or name with --device."})
public final class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    /** One provider as listed; a provider that throws while asked is reported unavailable, not fatal. */
    record Listing(String backend, String unavailableReason, List<DeviceInfo> devices) {
    }

    static List<Listing> list() {
        List<Listing> result = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            String reason;
            List<DeviceInfo> devices = List.of();
            try {
                reason = p.unavailableReason();
                if (reason == null) {
                    devices = p.devices();
                }
            } catch (RuntimeException | LinkageError e) {
                reason = "querying it failed: " + e;
            }
            result.add(new Listing(p.name(), reason, devices));
        }
        return result;
    }

    @Override
    public Integer call() throws Exception {
        List<Listing> listings = list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Object> doc = new ArrayList<>();
            for (Listing l : listings) {
                List<Object> devices = new ArrayList<>();
                for (DeviceInfo d : l.devices()) {
                    devices.add(Reports.map("index", d.index(), "name", d.name(), "type", d.type(), "fp64", d.fp64(),
                            "memory_bytes", d.memoryBytes(), "detail", d.detail()));
                }
                Map<String, Object> entry = Reports.map("backend", l.backend(), "available", l.unavailableReason() == null);
                if (l.unavailableReason() != null) {
                    entry.put("reason", l.unavailableReason());
                }
                entry.put("devices", devices);
                doc.add(entry);
            }
            out.println(PendingFiles.JSON.writeValueAsString(doc));
            return BarronCli.EXIT_OK;
        }
        for (Listing l : listings) {
            if (l.unavailableReason() != null) {
                out.println(l.backend() + ": not available (" + l.unavailableReason() + ")");
                continue;
            }
            out.println(l.backend() + ": available, " + l.devices().size() + " device" + (l.devices().size() == 1 ? "" : "s"));
            for (DeviceInfo d : l.devices()) {
                out.printf(Locale.ROOT, "  [%d] %s (%s, %s, %.1f GiB) %s%n", d.index(), d.name(), d.type(),
                        d.fp64() ? "fp64" : "fp32 only", d.memoryBytes() / (double) (1L << 30), d.detail());
            }
        }
        out.println("choose with --backend NAME [--device INDEX|NAME]; --backend auto picks the fastest for the problem size");
        return BarronCli.EXIT_OK;
    }
}
