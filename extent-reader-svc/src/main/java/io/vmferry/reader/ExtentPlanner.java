package io.vmferry.reader;

import io.vertx.core.Future;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdExtent;
import io.vmferry.nbd.api.NbdMetaContexts;
import io.vmferry.stream.api.BackupLevel;
import io.vmferry.reader.PlannedRange.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns NBD block-status answers into a read plan, in increasing offset order with adjacent equal
 * actions merged.
 * <ul>
 *   <li>full: {@code base:allocation} extents that read as zeros become holes (the restore target
 *   starts empty), everything else is read, even an unallocated range without the zero flag;</li>
 *   <li>incremental/differential: only dirty extents of the bitmap; a dirty range that
 *   {@code base:allocation} says reads as zeros becomes a zero frame without reading (it must
 *   shadow older data), the rest is read; clean ranges are skipped;</li>
 *   <li>a volume copied whole (no bitmap): as if every byte were dirty.</li>
 * </ul>
 */
final class ExtentPlanner {

    private ExtentPlanner() {
    }

    /**
     * Asks the export for the block status the plan of {@code level} needs and makes the plan: full from the
     * allocation map; incremental or differential from the dirty bitmap, or, for an export without one (a volume
     * copied whole, e.g. a TPM state), every byte as changed ({@link #whole}).
     */
    static Future<List<PlannedRange>> query(NbdClient nbd, BackupLevel level, String bitmapContext, long size) {
        Future<List<NbdExtent>> allocation = nbd.extents(NbdMetaContexts.BASE_ALLOCATION, 0, size);
        if (level == BackupLevel.FULL) {
            return allocation.map(ExtentPlanner::full);
        }
        if (bitmapContext == null) {
            return allocation.map(ExtentPlanner::whole);
        }
        return Future.all(nbd.extents(bitmapContext, 0, size), allocation)
                .map(all -> changed(all.resultAt(0), all.resultAt(1)));
    }

    /**
     * The plan of a volume copied whole into an incremental or differential stream: every range is read, or a zero
     * frame where it reads as zeros, so the stream shadows every older one (no holes).
     */
    static List<PlannedRange> whole(List<NbdExtent> allocation) {
        List<PlannedRange> plan = new ArrayList<>();
        for (NbdExtent e : allocation) {
            add(plan, e.offset(), e.length(), e.zero() ? Action.ZERO : Action.READ);
        }
        return plan;
    }

    /** The plan of a full backup from the allocation map covering the disk. */
    static List<PlannedRange> full(List<NbdExtent> allocation) {
        List<PlannedRange> plan = new ArrayList<>();
        for (NbdExtent e : allocation) {
            add(plan, e.offset(), e.length(), e.zero() ? Action.HOLE : Action.READ);
        }
        return plan;
    }

    /** The plan of an incremental or differential backup: dirty extents split by the allocation map. */
    static List<PlannedRange> changed(List<NbdExtent> bitmap, List<NbdExtent> allocation) {
        List<PlannedRange> plan = new ArrayList<>();
        int a = 0;
        for (NbdExtent dirty : bitmap) {
            if (!dirty.dirty()) {
                continue;
            }
            long pos = dirty.offset();
            while (pos < dirty.end()) {
                while (a < allocation.size() && allocation.get(a).end() <= pos) {
                    a++;
                }
                if (a == allocation.size() || allocation.get(a).offset() > pos) {
                    long next = a == allocation.size() ? dirty.end() : Math.min(dirty.end(), allocation.get(a).offset());
                    add(plan, pos, next - pos, Action.READ);
                    pos = next;
                    continue;
                }
                NbdExtent alloc = allocation.get(a);
                long end = Math.min(dirty.end(), alloc.end());
                add(plan, pos, end - pos, alloc.zero() ? Action.ZERO : Action.READ);
                pos = end;
            }
        }
        return plan;
    }

    /** Bytes the plan reads from NBD (the progress total). */
    static long readBytes(List<PlannedRange> plan) {
        long total = 0;
        for (PlannedRange r : plan) {
            if (r.action() == Action.READ) {
                total += r.length();
            }
        }
        return total;
    }

    private static void add(List<PlannedRange> plan, long offset, long length, Action action) {
        int last = plan.size() - 1;
        if (last >= 0 && plan.get(last).end() == offset && plan.get(last).action() == action) {
            plan.set(last, new PlannedRange(plan.get(last).offset(), plan.get(last).length() + length, action));
        } else {
            plan.add(new PlannedRange(offset, length, action));
        }
    }
}
