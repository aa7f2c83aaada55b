package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;

/**
 * Bounds applied to every length read from a VMDK file before anything is allocated, so a damaged
 * or hostile image fails with a {@link FormatException} instead of exhausting memory.
 */
final class VmdkLimits {
    static final int SECTOR = 512;
    /** 32 MiB grains; VMware uses 128 sectors (64 KiB). */
    static final long MAX_GRAIN_SECTORS = 1L << 16;
    /** 256 KiB per grain table; VMware uses 512 entries (2 KiB). */
    static final int MAX_GTES_PER_GT = 1 << 16;
    /** 4 Mi entries (16 MiB): 128 TiB with the default geometry. */
    static final long MAX_GD_ENTRIES = 1L << 22;
    /** 1 PiB of virtual disk. */
    static final long MAX_SECTORS = 1L << 41;
    /** Descriptor text, embedded or separate: 1 MiB. */
    static final int MAX_DESCRIPTOR_BYTES = 1 << 20;
    static final long MAX_DESCRIPTOR_SECTORS = MAX_DESCRIPTOR_BYTES / SECTOR;
    /** Extent lines in one descriptor (a 16 TiB twoGbMaxExtent disk has 8192). */
    static final int MAX_EXTENTS = 16_384;

    private VmdkLimits() {
    }

    /** Checks that {@code [sector, sector + sectors)} lies inside a file of {@code fileSize} bytes. */
    static void checkRange(String file, String what, long sector, long sectors, long fileSize) throws FormatException {
        if (sector < 0 || sectors < 0 || sector > fileSize / SECTOR || sectors > fileSize / SECTOR
                || (sector + sectors) * SECTOR > fileSize) {
            throw new FormatException(file + ": " + what + " at sector " + Long.toUnsignedString(sector)
                    + " (+" + Long.toUnsignedString(sectors) + ") lies outside the file of " + fileSize + " bytes");
        }
    }
}
