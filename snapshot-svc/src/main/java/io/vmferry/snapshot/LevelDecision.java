package io.vmferry.snapshot;

import java.util.List;

/**
 * Decides the level a VM's snapshot can serve: an incremental or differential needs every disk's
 * tracking bitmaps intact and starting at the same point (a volume copied whole, the TPM state, needs
 * none); otherwise the whole VM is backed up full and the reason is given.
 *
 * @param since the checkpoint the exported changes start at (the point an incremental or differential
 *              builds on), null for a full
 */
record LevelDecision(String level, String reason, String since) {

    static LevelDecision decide(String requested, String destination, List<DiskTracking> disks) {
        if (requested.equals("full")) {
            return new LevelDecision("full", null, null);
        }
        boolean incremental = requested.equals("incremental");
        String since = null;
        String sinceDisk = null;
        for (DiskTracking d : disks) {
            if (d.copiedWhole()) {
                continue;
            }
            if (!d.tracked()) {
                return full(requested, "disk " + d.disk() + " cannot keep change tracking (" + d.why() + ")");
            }
            if (d.inconsistent()) {
                return full(requested, "change tracking of disk " + d.disk()
                        + " is inconsistent (QEMU was not shut down cleanly)");
            }
            boolean needed = incremental ? d.hasInc() : d.hasDiff();
            if (!needed) {
                return full(requested, "no change tracking on disk " + d.disk() + " for destination '" + destination
                        + "' yet (first backup, or it was removed" + (d.memoryOnly() ? ", or QEMU stopped since: "
                        + "the disk's tracking lives in QEMU's memory, " + d.why() + ")" : ")"));
            }
            String start = incremental ? d.incSince() : d.diffSince();
            if (start == null) {
                return full(requested, "change tracking of disk " + d.disk()
                        + " does not record the point its changes start at");
            }
            if (since != null && !since.equals(start)) {
                return full(requested, "the changes tracked on disk " + sinceDisk + " start at point " + since
                        + ", on disk " + d.disk() + " at point " + start);
            }
            since = start;
            sinceDisk = d.disk();
        }
        return new LevelDecision(requested, null, since);
    }

    private static LevelDecision full(String requested, String why) {
        return new LevelDecision("full", requested + " upgraded to full: " + why, null);
    }
}
