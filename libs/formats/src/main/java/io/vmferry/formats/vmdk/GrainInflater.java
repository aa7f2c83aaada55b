package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.FormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads one compressed grain (see {@link StreamMarker}): checks the marker's LBA, bounds the
 * compressed size before allocating, and inflates into a grain-sized buffer, refusing output that
 * would overflow it. zlib streams are expected; a raw deflate stream is accepted too.
 */
final class GrainInflater implements AutoCloseable {
    private final String name;
    private final int grainBytes;
    private final int maxCompressed;
    private final Inflater zlib = new Inflater(false);
    private final Inflater raw = new Inflater(true);
    private byte[] input = new byte[0];

    GrainInflater(String name, int grainBytes) {
        this.name = name;
        this.grainBytes = grainBytes;
        // deflate's worst case for incompressible data is a few bytes per 16 KiB block
        this.maxCompressed = grainBytes + grainBytes / 8 + 1024;
    }

    /** Inflates the grain whose marker is at {@code sector} into {@code out} (grain-sized); pads with zeros. */
    void read(FileChannel ch, long fileSize, long sector, long expectedLba, byte[] out) throws IOException {
        long pos = sector * VmdkLimits.SECTOR;
        if (pos > fileSize - StreamMarker.GRAIN_HEADER_SIZE) {
            throw new FormatException(name + ": compressed grain at sector " + sector + " lies beyond the end of the file");
        }
        ByteBuffer head = ByteBuffer.allocate(StreamMarker.GRAIN_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        FlatExtent.readFully(ch, name, pos, head);
        long lba = head.getLong(StreamMarker.LBA_OFFSET);
        long size = Integer.toUnsignedLong(head.getInt(StreamMarker.SIZE_OFFSET));
        if (lba != expectedLba) {
            throw new FormatException(name + ": grain marker at sector " + sector + " has lba " + lba + ", expected " + expectedLba);
        }
        if (size == 0 || size > maxCompressed || pos + StreamMarker.GRAIN_HEADER_SIZE + size > fileSize) {
            throw new FormatException(name + ": compressed grain at sector " + sector + " has bad size " + size);
        }
        if (input.length < size) {
            input = new byte[(int) size];
        }
        ByteBuffer in = ByteBuffer.wrap(input, 0, (int) size);
        FlatExtent.readFully(ch, name, pos + StreamMarker.GRAIN_HEADER_SIZE, in);
        inflate(sector, (int) size, out);
    }

    private void inflate(long sector, int size, byte[] out) throws FormatException {
        boolean isZlib = size >= 2 && (input[0] & 0x0f) == 8 && (((input[0] & 0xff) << 8) | (input[1] & 0xff)) % 31 == 0;
        Inflater inf = isZlib ? zlib : raw;
        inf.reset();
        inf.setInput(input, 0, size);
        int produced = 0;
        int idle = 0;
        try {
            while (!inf.finished()) {
                if (produced == grainBytes) {
                    byte[] probe = new byte[1];
                    if (inf.inflate(probe) > 0) {
                        throw new FormatException(name + ": compressed grain at sector " + sector + " inflates beyond " + grainBytes + " bytes");
                    }
                    if (!inf.finished()) {
                        throw new FormatException(name + ": compressed grain at sector " + sector + " is truncated");
                    }
                    break;
                }
                int n = inf.inflate(out, produced, grainBytes - produced);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary() || ++idle > size)) {
                    throw new FormatException(name + ": compressed grain at sector " + sector + " is truncated");
                }
                produced += n;
            }
        } catch (DataFormatException e) {
            throw new FormatException(name + ": compressed grain at sector " + sector + " is corrupt: " + e.getMessage());
        }
        Arrays.fill(out, produced, grainBytes, (byte) 0);
    }

    @Override
    public void close() {
        zlib.end();
        raw.end();
    }
}
