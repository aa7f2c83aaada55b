package io.vmferry.formats.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** New GUIDs are well-formed random UUIDs and survive the VHDX byte layout. */
class GuidTest {
    @Test
    void randomGuidsAreVersion4VariantIetfAndDistinct() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            UUID id = Guid.random();
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            ByteBuffer b = ByteBuffer.allocate(Guid.LENGTH);
            Guid.put(b, 0, id);
            assertEquals(id, Guid.get(b, 0));
            seen.add(id);
        }
        assertTrue(seen.size() == 1000, "duplicates among 1000 random GUIDs");
    }
}
