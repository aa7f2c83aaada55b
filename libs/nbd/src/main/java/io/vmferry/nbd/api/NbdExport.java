package io.vmferry.nbd.api;

import java.util.Map;
import java.util.OptionalInt;

/**
 * What the handshake learned about the export.
 *
 * @param name             export name as requested
 * @param size             size in bytes
 * @param flags            transmission flags (read-only, multi-conn, ...)
 * @param blockSize        block size constraints (the protocol defaults when the server sent none)
 * @param structuredReplies true when the server agreed to structured replies
 * @param metaContexts     selected meta contexts by name ({@code base:allocation},
 *                         {@code qemu:dirty-bitmap:NAME}) with the id this connection uses for them;
 *                         ids are per connection and must not be reused on another one
 */
public record NbdExport(String name, long size, NbdTransmissionFlags flags, NbdBlockSize blockSize,
                        boolean structuredReplies, Map<String, Integer> metaContexts) {

    public NbdExport {
        if (name == null || flags == null || blockSize == null || metaContexts == null) {
            throw new IllegalArgumentException("null export field");
        }
        if (size < 0) {
            throw new IllegalArgumentException("export size out of range: " + Long.toUnsignedString(size));
        }
        metaContexts = Map.copyOf(metaContexts);
    }

    /** The id this connection negotiated for a meta context, if it was selected. */
    public OptionalInt contextId(String context) {
        Integer id = metaContexts.get(context);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }
}
