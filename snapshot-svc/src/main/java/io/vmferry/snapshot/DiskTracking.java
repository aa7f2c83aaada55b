package io.vmferry.snapshot;

import java.util.List;

/**
 * What one disk's change tracking looks like before a snapshot.
 *
 * @param tracked      the disk's changes are tracked: the image stores persistent bitmaps (qcow2 v3), or they live
 *                     in QEMU's memory ({@code memoryOnly})
 * @param hasInc       {@code vmferry-<dest>-inc} exists and records
 * @param hasDiff      {@code vmferry-<dest>-diff} exists and records
 * @param inconsistent a tracking bitmap was loaded inconsistent (QEMU killed): it must be recreated
 * @param incSince     the checkpoint the incremental bitmap's changes start at (its newest label), or null
 * @param diffSince    the same for the differential bitmap
 * @param why          why the image cannot keep persistent bitmaps (not capable, or memory only), else null
 * @param memoryOnly   the tracking bitmaps live in the running QEMU's memory only ({@code hypervisor.memory-tracking}
 *                     for an image that cannot keep them): gone once QEMU stops
 */
record DiskTracking(String disk, boolean tracked, boolean hasInc, boolean hasDiff, boolean inconsistent,
                    String incSince, String diffSince, String why, boolean memoryOnly) {

    /** One bitmap of the disk, as QEMU ({@code query-named-block-nodes}) or {@code qemu-img info} reports it. */
    record Bitmap(String name, boolean consistent, boolean recording) {
    }

    /** The tracking of a disk that can keep persistent bitmaps, read from its {@code bitmaps}. */
    static DiskTracking of(String disk, String destination, List<Bitmap> bitmaps) {
        return of(disk, destination, bitmaps, null);
    }

    /**
     * The tracking read from a disk's {@code bitmaps}; {@code memoryOnlyBecause} non-null: the image cannot keep
     * persistent bitmaps (the reason), so they live in QEMU's memory.
     */
    static DiskTracking of(String disk, String destination, List<Bitmap> bitmaps, String memoryOnlyBecause) {
        String inc = Names.incBitmap(destination);
        boolean hasInc = false;
        boolean hasDiff = false;
        boolean inconsistent = false;
        String incSince = null;
        String diffSince = null;
        for (Bitmap b : bitmaps) {
            BitmapName n = BitmapName.parse(destination, b.name()).orElse(null);
            if (n == null) {
                continue;
            }
            boolean isInc = n.live().equals(inc);
            if (n.role() == BitmapName.Role.LIVE) {
                inconsistent |= !b.consistent();
                boolean usable = b.consistent() && b.recording();
                hasInc |= isInc && usable;
                hasDiff |= !isInc && usable;
            } else if (n.role() == BitmapName.Role.SINCE) {
                if (isInc) {
                    incSince = newer(incSince, n.checkpoint());
                } else {
                    diffSince = newer(diffSince, n.checkpoint());
                }
            }
        }
        return new DiskTracking(disk, true, hasInc, hasDiff, inconsistent, incSince, diffSince, memoryOnlyBecause,
                memoryOnlyBecause != null);
    }

    /** A disk whose image cannot keep persistent bitmaps, and why. */
    static DiskTracking incapable(String disk, String why) {
        return new DiskTracking(disk, false, false, false, false, null, null, why, false);
    }

    /**
     * A volume copied whole into every point instead of tracked: a TPM state (Proxmox keeps it raw, 4 MiB, and swtpm,
     * not QEMU, writes it). It does not turn the VM's incremental into a full.
     */
    boolean copiedWhole() {
        return !tracked && ImageTracking.isTpmState(disk);
    }

    private static String newer(String a, String b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
