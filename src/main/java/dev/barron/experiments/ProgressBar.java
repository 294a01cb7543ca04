package dev.barron.experiments;

import java.io.PrintStream;

/**
 * A one-line progress bar with rate and ETA. On a terminal it is redrawn in place at most every
 * 200 ms (so that it costs nothing in a hot loop); elsewhere (a log file, a pipe) carriage-return
 * frames would pile up, so it writes one line when its phase ends.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long startNanos = System.nanoTime();
    private final long startDone;
    private final boolean live;
    private long lastDraw;
    private boolean drawn;
    private long lastDone;
    private long lastTotal;
    private String lastNote;

    /**
     * startDone: work already done before this process (a resumed run), left out of the rate;
     * live: redraw in place as work is done, else one line at {@link #finish()}.
     */
    public ProgressBar(PrintStream out, String label, long startDone, boolean live) {
        this.out = out;
        this.label = label;
        this.startDone = startDone;
        this.live = live;
    }

    /**
     * A bar on stderr, live when the process has a terminal (System.console()) or when forced
     * (--progress); otherwise one line per phase.
     */
    public static ProgressBar onStderr(String label, long startDone, boolean forced) {
        return new ProgressBar(System.err, label, startDone, forced || System.console() != null);
    }

    /** A bar that draws nothing. */
    public static ProgressBar silent() {
        return new ProgressBar(null, "", 0, false);
    }

    public synchronized void update(long done, long total, String note) {
        if (out == null) {
            return;
        }
        lastDone = done;
        lastTotal = total;
        lastNote = note;
        long now = System.nanoTime();
        if (!live || (drawn && now - lastDraw < 200_000_000L && done < total)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        out.print('\r' + line(done, total, (now - startNanos) * 1e-9, note));
        out.flush();
    }

    String line(long done, long total, double seconds, String note) {
        double f = total <= 0 ? 1 : Math.min(1, done / (double) total);
        int bars = (int) Math.round(f * WIDTH);
        double rate = (done - startDone) / Math.max(seconds, 1e-9);
        String eta = rate > 0 && done < total ? clock((total - done) / rate) : "--:--";
        return String.format("%s [%s%s] %3.0f%% %d/%d  %s elapsed, ETA %s%s", label, "#".repeat(bars),
                " ".repeat(WIDTH - bars), 100 * f, done, total, clock(seconds), eta, note == null ? "" : "  " + note);
    }

    /** Draws the last state and ends the line, so that the report that follows starts clean. */
    public synchronized void finish() {
        if (out != null && (drawn || (!live && lastTotal > 0))) {
            out.print((live ? "\r" : "") + line(lastDone, lastTotal, (System.nanoTime() - startNanos) * 1e-9, lastNote));
            out.println();
            out.flush();
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
