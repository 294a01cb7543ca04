package dev.barron.experiments;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Whether this JVM can draw figures at all. Charts need Java2D's font manager, whose native
 * library needs the system's font libraries on some JDK builds (Debian's links libharfbuzz and
 * libfreetype); a headless server or a slim container may lack them. There the figures are
 * skipped and every data file is still written: a sweep of hours must not fail on its plots.
 * {@code barron plot DIR} draws them later from the CSVs, on a machine whose fonts load.
 */
public final class Figures {

    private Figures() {
    }

    /** Why figures cannot be drawn here, or empty when they can (probed once per JVM). */
    public static Optional<String> unavailable() {
        return Optional.ofNullable(Probe.WHY);
    }

    /** The note for a command whose figures were skipped, or empty. */
    public static Optional<String> note() {
        return unavailable().map(why -> "note: figures not drawn: " + why
                + " (the data files are complete; barron plot DIR draws them where fonts load)");
    }

    private static final class Probe {
        static final String WHY = probe();

        static String probe() {
            System.setProperty("java.awt.headless", "true");
            try {
                Graphics2D g = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB).createGraphics();
                try {
                    g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12)).stringWidth("k = 20");
                } finally {
                    g.dispose();
                }
                return null;
            } catch (LinkageError | java.awt.AWTError | InternalError | RuntimeException e) {
                String m = e.getMessage();
                return "Java2D fonts do not load (" + (m == null ? e.getClass().getSimpleName() : m.strip()) + ")";
            }
        }
    }
}
