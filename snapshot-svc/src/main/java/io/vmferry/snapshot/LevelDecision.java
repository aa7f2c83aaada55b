package io.vmferry.snapshot;

import java.util.List;

/**
 * Decides the level a VM's snapshot can serve: an incremental or differential needs every disk's
 * tracking bitmaps intact; otherwise the whole VM is backed up full and the reason is given.
 */
record LevelDecision(String level, String reason) {

    static LevelDecision decide(String requested, String destination, List<DiskTracking> disks) {
        if (requested.equals("full")) {
            return new LevelDecision("full", null);
        }
        for (DiskTracking d : disks) {
            if (!d.persistentCapable()) {
                return full(requested, "disk " + d.disk() + " cannot keep change tracking (" + d.why() + ")");
            }
            if (d.inconsistent()) {
                return full(requested, "change tracking of disk " + d.disk()
                        + " is inconsistent (QEMU was not shut down cleanly)");
            }
            boolean needed = requested.equals("incremental") ? d.hasInc() : d.hasDiff();
            if (!needed) {
                return full(requested, "no change tracking on disk " + d.disk() + " for destination '" + destination
                        + "' yet (first backup)");
            }
        }
        return new LevelDecision(requested, null);
    }

    private static LevelDecision full(String requested, String why) {
        return new LevelDecision("full", requested + " upgraded to full: " + why);
    }
}
