package io.vmferry.testkit.qemu;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Guest-side I/O on a lab disk with qemu-io: through the running VM's BlockBackend ({@code drive-<slot>}, via HMP,
 * so dirty bitmaps and copy-before-write filters see it) or, for a stopped VM, on the image file.
 *
 * <p>HMP {@code qemu-io} prints its result on QEMU's stdout, not in the QMP reply; QEMU's stdout is appended to a
 * log file, and each operation is confirmed by exactly one {@code wrote}/{@code read} line appearing there.
 */
final class QemuIo {
    private static final long WAIT_NANOS = 10_000_000_000L;

    private QemuIo() {
    }

    static String writeCommand(int pattern, long offset, long length) {
        return String.format(Locale.ROOT, "write -P 0x%02x %d %d", pattern & 0xff, offset, length);
    }

    static String zeroCommand(long offset, long length) {
        return "write -z " + offset + " " + length;
    }

    static String readCommand(int pattern, long offset, long length) {
        return String.format(Locale.ROOT, "read -P 0x%02x %d %d", pattern & 0xff, offset, length);
    }

    /**
     * Runs {@code command} through HMP on {@code drive} and checks QEMU's stdout ({@code log}) for exactly one
     * {@code expected} line ({@code wrote ...} or {@code read ...}). {@code hmp} sends an HMP line and returns its reply.
     */
    static void online(Function<String, String> hmp, Path log, String drive, String command, String expected) {
        long start = length(log);
        String reply = hmp.apply("qemu-io " + drive + " \"" + command + "\"");
        if (!reply.isBlank()) {
            throw new IllegalStateException("qemu-io " + drive + " '" + command + "': " + reply.strip());
        }
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (true) {
            String out = readFrom(log, start);
            List<String> lines = out.lines().toList();
            check(drive, command, lines);
            long done = lines.stream().filter(l -> l.strip().equals(expected)).count();
            if (done == 1) {
                return;
            }
            if (done > 1 || System.nanoTime() > deadline) {
                throw new IllegalStateException("qemu-io " + drive + " '" + command + "': expected one '" + expected
                        + "' line on QEMU's stdout, got: " + out);
            }
            sleep();
        }
    }

    /** Runs {@code command} with the qemu-io tool on a stopped VM's image and checks its output. */
    static void offline(LabDisk disk, String command, String expected) {
        String out = LabCommands.run(List.of("qemu-io", "-f", disk.format(), "-c", command, disk.path().toString()));
        List<String> lines = out.lines().toList();
        check(disk.path().toString(), command, lines);
        if (lines.stream().filter(l -> l.strip().equals(expected)).count() != 1) {
            throw new IllegalStateException("qemu-io '" + command + "' on " + disk.path() + ": " + out);
        }
    }

    /** The line qemu-io prints on success: {@code wrote 65536/65536 bytes at offset 0}. */
    static String success(String verb, long offset, long length) {
        return verb + " " + length + "/" + length + " bytes at offset " + offset;
    }

    private static void check(String where, String command, List<String> lines) {
        for (String l : lines) {
            if (l.contains("failed") || l.startsWith("Error") || l.contains("No medium")) {
                throw new IllegalStateException("qemu-io " + where + " '" + command + "': " + l);
            }
        }
    }

    private static long length(Path file) {
        return file.toFile().length();
    }

    private static String readFrom(Path file, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long n = Math.max(0, f.length() - offset);
            byte[] buf = new byte[(int) Math.min(n, 1 << 20)];
            f.seek(offset);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
