package dev.barron.experiments;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bar redraws in place only when live (a terminal, or --progress); in a log it is one line per phase. */
class ProgressBarTest {

    private static String drive(boolean live) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "phase", 0, live);
        for (int i = 0; i <= 10; i++) {
            bar.update(i, 10, "");
        }
        bar.finish();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerPhaseWhenNotLive() {
        String log = drive(false);
        assertFalse(log.contains("\r"), log);
        assertEquals(1, log.lines().count(), log);
        assertTrue(log.startsWith("phase [") && log.contains("100% 10/10"), log);
    }

    @Test
    void redrawnInPlaceWhenLive() {
        String term = drive(true);
        assertTrue(term.startsWith("\r") && term.endsWith("\n"), term);
    }
}
