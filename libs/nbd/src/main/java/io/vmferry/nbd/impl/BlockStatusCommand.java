package io.vmferry.nbd.impl;

import io.vertx.core.Promise;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.impl.codec.NbdWire;
import io.vmferry.nbd.impl.codec.ReplyEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code NBD_CMD_BLOCK_STATUS} for one wanted context. The server answers with one chunk per selected
 * context; chunks of other selected contexts are checked and ignored. Extents start at the request
 * offset; adjacent ones with equal flags are merged, the last may reach past the request (the caller clips).
 */
final class BlockStatusCommand extends Command<List<NbdExtent>> {

    private final int wantedId;
    private final Set<Integer> selectedIds;
    private final Set<Integer> seen = new HashSet<>();
    private final List<NbdExtent> extents = new ArrayList<>();
    private boolean collecting;
    private long cursor;

    BlockStatusCommand(int wantedId, Set<Integer> selectedIds, long offset, long length,
                       Promise<List<NbdExtent>> promise) {
        super(NbdWire.CMD_BLOCK_STATUS, offset, length, promise);
        this.wantedId = wantedId;
        this.selectedIds = selectedIds;
    }

    @Override
    void onStatus(ReplyEvent.Status event) {
        collecting = false;
        if (!selectedIds.contains(event.contextId())) {
            fail(NbdProtocolException.skippable(name() + ": block status for unknown context id " + event.contextId()));
        } else if (!seen.add(event.contextId())) {
            fail(NbdProtocolException.skippable(name() + ": two block status chunks for context id " + event.contextId()));
        } else {
            collecting = event.contextId() == wantedId;
            cursor = offset;
        }
    }

    @Override
    void onDescriptors(ReplyEvent.Descriptors event) {
        if (!collecting || failed()) {
            return;
        }
        for (int i = 0; i < event.lengths().length; i++) {
            long len = Integer.toUnsignedLong(event.lengths()[i]);
            if (len == 0) {
                fail(NbdProtocolException.skippable(name() + ": zero-length extent at " + cursor));
                return;
            }
            if (cursor - offset >= length) {
                fail(NbdProtocolException.skippable(name() + ": extent at " + cursor + " beyond the request"));
                return;
            }
            int flags = event.flags()[i];
            int last = extents.size() - 1;
            if (last >= 0 && extents.get(last).flags() == flags) {
                NbdExtent prev = extents.get(last);
                extents.set(last, new NbdExtent(prev.offset(), prev.length() + len, flags));
            } else {
                extents.add(new NbdExtent(cursor, len, flags));
            }
            cursor += len;
        }
    }

    @Override
    List<NbdExtent> result() {
        if (!seen.contains(wantedId)) {
            throw NbdProtocolException.skippable(name() + " offset=" + offset + " length=" + length
                    + ": no block status for context id " + wantedId);
        }
        return extents;
    }
}
