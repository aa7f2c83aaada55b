package io.vmferry.snapshot;

/**
 * What one disk's change tracking looks like before a snapshot.
 *
 * @param persistentCapable the image can store persistent bitmaps (qcow2 v3)
 * @param hasInc            {@code vmferry-<dest>-inc} exists and records
 * @param hasDiff           {@code vmferry-<dest>-diff} exists and records
 * @param inconsistent      a tracking bitmap was loaded inconsistent (QEMU killed): it must be recreated
 * @param why               why the image cannot track changes, when not capable
 */
record DiskTracking(String disk, boolean persistentCapable, boolean hasInc, boolean hasDiff, boolean inconsistent,
                    String why) {
}
