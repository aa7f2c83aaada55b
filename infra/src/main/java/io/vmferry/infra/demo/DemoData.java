package io.vmferry.infra.demo;

import io.vmferry.qemu.pve.Sizes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/** Seed content for demo and benchmark disks: random data in 4 MiB runs, holes in between. */
public final class DemoData {
    private static final int RUN = 4 << 20;

    private DemoData() {
    }

    /** Writes a sparse raw file of {@code size} with {@code dataMiB} MiB of random data spread evenly. */
    public static void seed(Path raw, String size, int dataMiB) throws IOException {
        long total = Sizes.parse(size);
        int runs = Math.max(1, dataMiB / 4);
        long stride = total / runs;
        SplittableRandom rnd = new SplittableRandom(42);
        ByteBuffer buf = ByteBuffer.allocate(RUN);
        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int r = 0; r < runs; r++) {
                buf.clear();
                while (buf.remaining() >= 8) {
                    buf.putLong(rnd.nextLong());
                }
                buf.flip();
                long pos = r * stride / RUN * RUN;
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
            }
            if (ch.size() < total) {
                ch.write(ByteBuffer.allocate(1), total - 1);
            }
        }
    }
}
