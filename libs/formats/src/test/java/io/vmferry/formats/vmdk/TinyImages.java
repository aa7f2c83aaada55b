package io.vmferry.formats.vmdk;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Hand-built, few-KiB images with 1-sector grains and 4-entry grain tables, small enough for a
 * fuzzer to mutate: 16 sectors, grains 0, 1 and 5 hold data, grain 2 is a zeroed grain.
 */
final class TinyImages {
    static final int SECTORS = 16;
    static final int GTES = 4;

    private TinyImages() {
    }

    private static byte[] descriptor(String createType) {
        byte[] text = ("# Disk DescriptorFile\nversion=1\nCID=0000abcd\nparentCID=ffffffff\ncreateType=\"" + createType
                + "\"\nRW " + SECTORS + " SPARSE \"fuzz.vmdk\"\nddb.adapterType = \"ide\"\n").getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(text, 512);
    }

    private static byte[] grainData(int grain) {
        byte[] b = new byte[512];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ((i / 16) * (grain + 3));
        }
        return b;
    }

    private static SparseExtentHeader header(int version, int flags) {
        return SparseExtentHeader.blank().version(version).flags(flags).capacity(SECTORS).grainSize(1)
                .descriptor(1, 1).numGtesPerGt(GTES).overHead(7);
    }

    /** monolithicSparse: header, descriptor, GD at 2, GTs at 3-6, grains from 7. */
    static byte[] sparse() {
        ByteBuffer b = ByteBuffer.allocate(10 * 512).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, header(2, SparseExtentHeader.FLAG_NEWLINE_TEST | SparseExtentHeader.FLAG_ZEROED_GRAIN).gdOffset(2).buffer(), 0, 512);
        b.put(512, descriptor("monolithicSparse"));
        b.putInt(2 * 512, 3);
        int[] gt0 = {7, 8, 1, 0};
        for (int i = 0; i < GTES; i++) {
            b.putInt(3 * 512 + i * 4, gt0[i]);
        }
        b.putInt(2 * 512 + 4, 4);
        b.putInt(4 * 512 + 4, 9);
        for (int g : new int[] {0, 1, 5}) {
            b.put((g == 5 ? 9 : 7 + g) * 512, grainData(g));
        }
        return b.array();
    }

    /** streamOptimized with GD_AT_END: grains, GT markers, GD marker, footer, end-of-stream. */
    static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flags = SparseExtentHeader.FLAG_NEWLINE_TEST | SparseExtentHeader.FLAG_COMPRESSED | SparseExtentHeader.FLAG_MARKERS;
        SparseExtentHeader h = header(3, flags).gdOffset(SparseExtentHeader.GD_AT_END).compressAlgorithm(1).overHead(2);
        out.writeBytes(h.buffer().array());
        out.writeBytes(descriptor("streamOptimized"));
        int[][] tables = new int[SECTORS / GTES][GTES];
        for (int g : new int[] {0, 1, 5}) {
            tables[g / GTES][g % GTES] = out.size() / 512;
            Deflater d = new Deflater();
            d.setInput(grainData(g));
            d.finish();
            byte[] c = new byte[600];
            int n = d.deflate(c);
            d.end();
            ByteBuffer m = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN).putLong(0, g).putInt(8, n).put(12, c, 0, n);
            out.writeBytes(m.array());
        }
        int[] gd = new int[SECTORS / GTES];
        for (int t : new int[] {0, 1}) {
            out.writeBytes(StreamMarker.GRAIN_TABLE.encode(1).array());
            gd[t] = out.size() / 512;
            ByteBuffer gt = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
            gt.asIntBuffer().put(tables[t]);
            out.writeBytes(gt.array());
        }
        out.writeBytes(StreamMarker.GRAIN_DIRECTORY.encode(1).array());
        long gdSector = out.size() / 512;
        ByteBuffer gdBuf = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        gdBuf.asIntBuffer().put(gd);
        out.writeBytes(gdBuf.array());
        out.writeBytes(StreamMarker.FOOTER.encode(1).array());
        out.writeBytes(header(3, flags).gdOffset(gdSector).compressAlgorithm(1).overHead(2).buffer().array());
        out.writeBytes(StreamMarker.END_OF_STREAM.encode(0).array());
        return out.toByteArray();
    }

    /** Expected content of the tiny images. */
    static byte[] content() {
        byte[] disk = new byte[SECTORS * 512];
        for (int g : new int[] {0, 1, 5}) {
            System.arraycopy(grainData(g), 0, disk, g * 512, 512);
        }
        return disk;
    }
}
