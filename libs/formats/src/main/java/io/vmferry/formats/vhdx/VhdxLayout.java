package io.vmferry.formats.vhdx;

import io.vmferry.formats.internal.ImageFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The fixed 1 MiB header section of a VHDX file (MS-VHDX 2.1):
 *
 * <pre>
 * 0        64 KiB file type identifier: "vhdxfile" + UTF-16LE creator (512 bytes)
 * 64 KiB   4 KiB  header 1             128 KiB  4 KiB  header 2
 * 192 KiB 64 KiB  region table 1       256 KiB 64 KiB  region table 2
 * </pre>
 */
final class VhdxLayout {
    static final String FILE_SIGNATURE = "vhdxfile";
    static final long HEADER_SECTION = 1 << 20;

    private VhdxLayout() {
    }

    /** Checks the identifier and returns the valid header with the larger sequence number. */
    static VhdxHeader currentHeader(ImageFile file) throws IOException {
        if (file.size() < VhdxRegionTable.TABLE2_OFFSET + VhdxRegionTable.LENGTH) {
            throw file.error("file too small (" + file.size() + " bytes) for a VHDX header section");
        }
        ByteBuffer id = file.read(0, 8, ByteOrder.LITTLE_ENDIAN, "file identifier");
        if (!StandardCharsets.US_ASCII.decode(id).toString().equals(FILE_SIGNATURE)) {
            throw file.error("not a VHDX file (bad file identifier)");
        }
        VhdxHeader h1 = new VhdxHeader(file.read(VhdxHeader.HEADER1_OFFSET, VhdxHeader.LENGTH, ByteOrder.LITTLE_ENDIAN, "header 1"));
        VhdxHeader h2 = new VhdxHeader(file.read(VhdxHeader.HEADER2_OFFSET, VhdxHeader.LENGTH, ByteOrder.LITTLE_ENDIAN, "header 2"));
        String e1 = h1.validate();
        String e2 = h2.validate();
        if (e1 != null && e2 != null) {
            throw file.error("no valid VHDX header (header 1: " + e1 + "; header 2: " + e2 + ")");
        }
        if (e1 != null) {
            return h2;
        }
        if (e2 != null) {
            return h1;
        }
        return Long.compareUnsigned(h2.sequenceNumber(), h1.sequenceNumber()) > 0 ? h2 : h1;
    }

    /** Region table copy 1, or copy 2 when copy 1 is damaged. */
    static VhdxRegionTable regionTable(ImageFile file) throws IOException {
        VhdxRegionTable t1 = new VhdxRegionTable(file.read(VhdxRegionTable.TABLE1_OFFSET, VhdxRegionTable.LENGTH,
                ByteOrder.LITTLE_ENDIAN, "region table 1"));
        String e1 = t1.validate();
        if (e1 == null) {
            return t1;
        }
        VhdxRegionTable t2 = new VhdxRegionTable(file.read(VhdxRegionTable.TABLE2_OFFSET, VhdxRegionTable.LENGTH,
                ByteOrder.LITTLE_ENDIAN, "region table 2"));
        String e2 = t2.validate();
        if (e2 != null) {
            throw file.error("no valid region table (table 1: " + e1 + "; table 2: " + e2 + ")");
        }
        return t2;
    }

    /** The region {@code guid}, checked for alignment and file bounds; unknown required regions fail. */
    static VhdxRegionTable.Entry region(ImageFile file, VhdxRegionTable table, UUID guid) throws IOException {
        VhdxRegionTable.Entry found = null;
        for (int i = 0; i < table.entryCount(); i++) {
            VhdxRegionTable.Entry e = table.entry(i);
            boolean known = e.guid().equals(VhdxGuids.BAT_REGION) || e.guid().equals(VhdxGuids.METADATA_REGION);
            if (!known && e.required()) {
                throw file.error("unknown required region " + e.guid());
            }
            if (e.guid().equals(guid)) {
                found = e;
            }
        }
        String what = guid.equals(VhdxGuids.BAT_REGION) ? "BAT region" : "metadata region";
        if (found == null) {
            throw file.error("missing " + what);
        }
        if (found.fileOffset() < HEADER_SECTION || found.fileOffset() % VhdxReader.MB != 0) {
            throw file.error(what + " at bad offset " + found.fileOffset());
        }
        file.checkRange(found.fileOffset(), found.length(), what);
        return found;
    }
}
