package io.vmferry.receiver;

import java.util.ArrayList;
import java.util.List;

/**
 * State of one replica disk.
 *
 * @param current what the replica file holds now
 * @param pending a verified stream being moved into place (set only between the fsync of the
 *                {@code .part} file and its rename; recovery finishes or drops it)
 * @param history applied streams, oldest first, the current one last (at most {@link #MAX_HISTORY})
 */
public record DiskReplica(AppliedStream current, AppliedStream pending, List<AppliedStream> history) {
    /** Applied streams remembered per disk. */
    public static final int MAX_HISTORY = 64;

    /** Copies the history. */
    public DiskReplica {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** This disk with {@code next} verified and about to be renamed into place. */
    DiskReplica preparing(AppliedStream next) {
        return new DiskReplica(current, next, history);
    }

    /** This disk with its pending stream applied. */
    DiskReplica promoted() {
        List<AppliedStream> h = new ArrayList<>(history);
        h.add(pending);
        while (h.size() > MAX_HISTORY) {
            h.remove(0);
        }
        return new DiskReplica(pending, null, h);
    }

    /** This disk without its pending stream (the rename never happened). */
    DiskReplica dropped() {
        return new DiskReplica(current, null, history);
    }

    /** The newest full point in the history, or null. */
    String lastFull() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).level().equals("full")) {
                return history.get(i).point();
            }
        }
        return null;
    }
}
