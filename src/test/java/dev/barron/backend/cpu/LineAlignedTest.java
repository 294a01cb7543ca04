package dev.barron.backend.cpu;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineAlignedTest {

    private static final long HUGE = 2L * 1024 * 1024 + 64;

    @Test
    void theStartPutsTheFirstUsedElementOnALineForEveryBaseOffset() {
        for (int base = 8; base <= 64; base += 4) {
            LineAligned.Layout layout = new LineAligned.Layout(base, base - base % 8, HUGE);
            int floats = layout.start(Float.BYTES);
            int doubles = layout.start(Double.BYTES);
            assertEquals(0, (base + floats * Float.BYTES) % 64, "float base " + base);
            assertEquals(0, (base - base % 8 + doubles * Double.BYTES) % 64, "double base " + base);
            assertTrue(floats < 16 && doubles < 8, "less than a line of elements skipped");
        }
        // HotSpot's default (compressed class pointers), and compact object headers
        assertEquals(12, new LineAligned.Layout(16, 16, HUGE).start(Float.BYTES));
        assertEquals(6, new LineAligned.Layout(16, 16, HUGE).start(Double.BYTES));
        assertEquals(13, new LineAligned.Layout(12, 16, HUGE).start(Float.BYTES));
    }

    @Test
    void anUnknownLayoutStartsAtZeroAndAllocatesWhatIsAskedFor() {
        assertEquals(0, LineAligned.Layout.UNKNOWN.start(Float.BYTES));
        assertEquals(0, LineAligned.Layout.UNKNOWN.start(Double.BYTES));
        assertEquals(100, LineAligned.Layout.UNKNOWN.size(100, Float.BYTES));
        // a base that is not a multiple of the element size cannot be aligned by whole elements
        assertEquals(0, new LineAligned.Layout(18, 16, HUGE).start(Float.BYTES));
    }

    @Test
    void aKnownLayoutAllocatesHumongousArrays() {
        LineAligned.Layout layout = new LineAligned.Layout(16, 16, HUGE);
        assertTrue((long) layout.size(100, Float.BYTES) * Float.BYTES >= HUGE);
        assertTrue((long) layout.size(100, Double.BYTES) * Double.BYTES >= HUGE);
        int large = (int) (HUGE / Float.BYTES) * 3;
        assertEquals(large, layout.size(large, Float.BYTES));
    }

    @Test
    void eachThreadKeepsItsOwnArrayAndGrowsItWhenAskedForMore() throws Exception {
        float[] first = LineAligned.floats(10);
        assertSame(first, LineAligned.floats(5), "reused for a smaller need");
        assertTrue(first.length >= LineAligned.floatStart() + 10);
        int more = first.length + 1;
        float[] grown = LineAligned.floats(more);
        assertTrue(grown.length >= LineAligned.floatStart() + more);
        assertSame(grown, LineAligned.floats(10));
        float[] other = CompletableFuture.supplyAsync(() -> LineAligned.floats(10)).get();
        assertNotSame(grown, other, "another thread's array");
        double[] doubles = LineAligned.doubles(7);
        assertSame(doubles, LineAligned.doubles(7));
        assertTrue(doubles.length >= LineAligned.doubleStart() + 7);
    }
}
