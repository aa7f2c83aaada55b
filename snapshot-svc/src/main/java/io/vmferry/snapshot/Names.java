package io.vmferry.snapshot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every name vmferry gives QEMU objects. Persistent bitmaps are per destination
 * ({@code vmferry-<destination>-inc} / {@code -diff}) so several destinations never collide; each carries a
 * base label ({@code <live>-since-<checkpoint>}) naming the point its changes start at, and while a snapshot is held
 * a frozen copy ({@code <live>-<checkpoint>}); {@link BitmapName} reads them back. Everything else carries the
 * vmferry prefix so leftovers of a crashed run can be found.
 */
final class Names {
    static final String PREFIX = "vmferry-";
    /** A checkpoint id as {@link #checkpoint} makes it. */
    static final String CHECKPOINT_PATTERN = "\\d{8}T\\d{6}Z-[0-9a-f]{4}";
    /**
     * Granularity of the base labels: the largest QEMU allows (2 GiB), so an always-empty label costs a few bytes
     * of memory and none in the image.
     */
    static final long LABEL_GRANULARITY = 1L << 31;
    private static final DateTimeFormatter CHECKPOINT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Names() {
    }

    /** A new checkpoint id, e.g. {@code 20261122T051200Z-3f2a}: sortable by time, unique per VM. */
    static String checkpoint(Instant time) {
        return CHECKPOINT.format(time) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    static String incBitmap(String destination) {
        return PREFIX + destination + "-inc";
    }

    static String diffBitmap(String destination) {
        return PREFIX + destination + "-diff";
    }

    /** The disabled copy of a live bitmap frozen at a checkpoint. */
    static String frozen(String liveBitmap, String checkpoint) {
        return liveBitmap + "-" + checkpoint;
    }

    /** The label saying that the changes {@code liveBitmap} records start at {@code checkpoint}. */
    static String since(String liveBitmap, String checkpoint) {
        return liveBitmap + "-since-" + checkpoint;
    }

    static String fleeceNode(String disk) {
        return PREFIX + "fleece-" + disk;
    }

    static String fleeceJob(String disk) {
        return PREFIX + "fleece-" + disk + "-job";
    }

    static String cbwFilter(String disk) {
        return PREFIX + "cbw-" + disk;
    }

    static String exportId(String disk) {
        return PREFIX + "export-" + disk;
    }

    static String exportName(int vmid, String disk, String checkpoint) {
        return vmid + "-" + disk + "-" + checkpoint;
    }
}
