package io.vmferry.formats.qcow2;

/**
 * Finds where the first zstd frame of a buffer ends (RFC 8878, 3.1.1), so that a one-shot decoder
 * is not fed the bytes that follow it in a qcow2 compressed range:
 *
 * <pre>
 * Magic (4, 0xFD2FB528 LE) | Frame_Header_Descriptor (1) | [Window_Descriptor (1)]
 *   | [Dictionary_ID (0-4)] | [Frame_Content_Size (0-8)] | blocks | [Content_Checksum (4)]
 * FHD: bits 7-6 FCS flag, bit 5 single segment, bit 2 checksum, bits 1-0 dictionary id flag
 * Block header (3 bytes LE): bit 0 last block, bits 1-2 type (0 raw, 1 RLE, 2 compressed),
 *   bits 3-23 size (RLE blocks carry one byte)
 * </pre>
 */
final class ZstdFrame {
    private static final int MAGIC = 0xFD2FB528;

    private ZstdFrame() {
    }

    /** Length of the frame at the start of {@code src[0, len)}, or -1 when it is malformed or cut short. */
    static int length(byte[] src, int len) {
        if (len < 6 || le32(src, 0) != MAGIC) {
            return -1;
        }
        int p = 4;
        int fhd = src[p++] & 0xff;
        boolean single = (fhd & 0x20) != 0;
        if (!single) {
            p++;
        }
        int did = fhd & 3;
        p += did == 3 ? 4 : did;
        int fcs = fhd >>> 6;
        p += fcs == 0 ? (single ? 1 : 0) : 1 << fcs;
        while (true) {
            if (p + 3 > len) {
                return -1;
            }
            int h = (src[p] & 0xff) | (src[p + 1] & 0xff) << 8 | (src[p + 2] & 0xff) << 16;
            p += 3;
            int type = h >>> 1 & 3;
            if (type == 3) {
                return -1;
            }
            p += type == 1 ? 1 : h >>> 3;
            if (p > len) {
                return -1;
            }
            if ((h & 1) != 0) {
                break;
            }
        }
        if ((fhd & 4) != 0) {
            p += 4;
        }
        return p <= len ? p : -1;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
