package dev.barron.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build stamped into the jar: the project version, the build time (UTC) and the git
 * commit it was built from ("-dirty" when the tree had uncommitted changes), which every
 * result file records. "unknown" where the build did not stamp them (an IDE's own build).
 */
public final class BuildInfo {

    private static final Properties BUILD = load("/dev/barron/build.properties");
    private static final Properties GIT = load("/dev/barron/git.properties");

    private BuildInfo() {
    }

    /** The project version, e.g. 0.1.0-SNAPSHOT. */
    public static String version() {
        return value(BUILD, "version");
    }

    /** When the jar was built, ISO 8601 UTC. */
    public static String buildTime() {
        return value(BUILD, "build_time");
    }

    /** The git commit the jar was built from. */
    public static String commit() {
        return value(GIT, "commit");
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "unknown").trim();
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
