package io.vmferry.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BitmapNameTest {
    private static final String C = "20261123T010203Z-0f3a";

    @Test
    void readsLiveFrozenAndLabelNames() {
        assertEquals(Optional.of(new BitmapName("vmferry-local-inc", "vmferry-local-inc", BitmapName.Role.LIVE, null)),
                BitmapName.parse("local", "vmferry-local-inc"));
        assertEquals(Optional.of(new BitmapName("vmferry-local-diff-" + C, "vmferry-local-diff",
                BitmapName.Role.FROZEN, C)), BitmapName.parse("local", Names.frozen(Names.diffBitmap("local"), C)));
        assertEquals(Optional.of(new BitmapName("vmferry-local-inc-since-" + C, "vmferry-local-inc",
                BitmapName.Role.SINCE, C)), BitmapName.parse("local", Names.since(Names.incBitmap("local"), C)));
    }

    @Test
    void otherDestinationsAndStrangersAreNotOurs() {
        // destination "local-inc" has a live bitmap that starts like a copy of "local"'s
        assertEquals(Optional.empty(), BitmapName.parse("local", "vmferry-local-inc-inc"));
        assertEquals(Optional.empty(), BitmapName.parse("local", "vmferry-local-inc-inc-since-" + C));
        assertEquals(Optional.empty(), BitmapName.parse("local", "vmferry-bacula-inc"));
        assertEquals(Optional.empty(), BitmapName.parse("local", "vmferry-local-inc-2026"));
        assertEquals(Optional.empty(), BitmapName.parse("local", null));
    }
}
