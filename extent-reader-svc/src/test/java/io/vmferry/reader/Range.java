package io.vmferry.reader;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A byte range for assertions; lists of them are kept merged and sorted. */
record Range(long offset, long length) {

    long end() {
        return offset + length;
    }

    @Override
    public String toString() {
        return "[" + offset + "+" + length + ")";
    }

    /** Appends a range to a sorted list, merging it with the last one when they touch. */
    static void add(List<Range> ranges, long offset, long length) {
        int last = ranges.size() - 1;
        if (last >= 0 && ranges.get(last).end() == offset) {
            ranges.set(last, new Range(ranges.get(last).offset(), ranges.get(last).length() + length));
        } else {
            ranges.add(new Range(offset, length));
        }
    }

    /** True when every range of {@code inner} lies inside some range of {@code outer}. */
    static boolean within(List<Range> inner, List<Range> outer) {
        return inner.stream().allMatch(r -> outer.stream().anyMatch(o -> o.offset() <= r.offset() && r.end() <= o.end()));
    }

    /** The 4 KiB blocks of a raw image holding a non-zero byte, merged. */
    static List<Range> nonZeroBlocks(Path raw) throws IOException {
        List<Range> out = new ArrayList<>();
        byte[] block = new byte[4096];
        byte[] zeros = new byte[4096];
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "r")) {
            long size = f.length();
            for (long pos = 0; pos < size; pos += block.length) {
                int n = (int) Math.min(block.length, size - pos);
                f.readFully(block, 0, n);
                if (Arrays.mismatch(block, 0, n, zeros, 0, n) >= 0) {
                    add(out, pos, n);
                }
            }
        }
        return out;
    }
}
