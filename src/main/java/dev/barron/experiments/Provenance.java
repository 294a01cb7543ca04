package dev.barron.experiments;

import dev.barron.backend.Backend;
import dev.barron.backend.cpu.BlasLibrary;
import dev.barron.io.BuildInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where and with what a result was computed, recorded in every result file so that a run can
 * be repeated and audited from its files alone: Barron's version, git commit and build time,
 * the JVM, the operating system and CPU, the BLAS, the backend and device that actually ran
 * (not the one asked for: --backend auto may choose), the precision, and the command line.
 */
public record Provenance(String version, String commit, String buildTime, String javaVendor, String javaVersion,
                         String os, String arch, String cpu, int cpuThreads, String blas, String backend,
                         String device, String precision, String commandLine) {

    /**
     * The provenance of work done on b in this JVM. The command line is the process's own (the
     * JVM, its options and the command's arguments, as the operating system reports them), so
     * it needs no plumbing and cannot disagree with what ran.
     */
    public static Provenance of(Backend b) {
        return new Provenance(BuildInfo.version(), BuildInfo.commit(), BuildInfo.buildTime(),
                System.getProperty("java.vendor", "unknown"), System.getProperty("java.version", "unknown"),
                System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""),
                System.getProperty("os.arch", "unknown"), cpuModel(), Runtime.getRuntime().availableProcessors(),
                BlasLibrary.get().describe(), b.name(), b.device(), b.precision().label(),
                ProcessHandle.current().info().commandLine().orElse("unknown"));
    }

    /** The fields as JSON keys (snake_case), in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("barron_version", version);
        m.put("git_commit", commit);
        m.put("build_time", buildTime);
        m.put("java", javaVendor + " " + javaVersion);
        m.put("os", os.trim() + " (" + arch + ")");
        m.put("cpu", cpu + ", " + cpuThreads + " threads");
        m.put("blas", blas);
        m.put("backend", backend);
        m.put("device", device);
        m.put("precision", precision);
        m.put("command_line", commandLine);
        return m;
    }

    /** The CPU's model name (Linux: /proc/cpuinfo; elsewhere the architecture). */
    static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try (Stream<String> lines = Files.lines(info)) {
                return lines.filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .orElse(System.getProperty("os.arch"));
            } catch (IOException | RuntimeException e) {
                return System.getProperty("os.arch");
            }
        }
        return System.getProperty("os.arch");
    }
}
