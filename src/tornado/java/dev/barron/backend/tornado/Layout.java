package dev.barron.backend.tornado;

import dev.barron.backend.program.Buf;
import dev.barron.backend.program.Shape;
import dev.barron.model.Check;

import java.util.EnumMap;
import java.util.Map;

/**
 * Offsets (in reals) of the resident buffers of one {@link Shape} inside the one state array
 * of a {@link TornadoDriver}, laid end to end in {@link Buf} order. The exchange buffers
 * ({@link Buf#exchange()}) are arrays of their own.
 */
final class Layout {

    private final Map<Buf, Integer> offsets = new EnumMap<>(Buf.class);
    /** The state array's length in reals. */
    final int length;

    Layout(Shape shape) {
        long next = 0;
        for (Buf b : Buf.values()) {
            if (!b.exchange()) {
                offsets.put(b, (int) next);
                next += shape.size(b);
                if (next > Integer.MAX_VALUE - 64) {
                    throw Check.bad("problem size", next + " reals on the device",
                            "the tornado backend addresses its state with int offsets: at most 2^31 reals");
                }
            }
        }
        length = (int) next;
    }

    int offset(Buf b) {
        Integer at = offsets.get(b);
        if (at == null) {
            throw new IllegalArgumentException(b + " is an exchange buffer, not in the state");
        }
        return at;
    }
}
