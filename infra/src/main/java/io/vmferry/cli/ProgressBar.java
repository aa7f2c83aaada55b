package io.vmferry.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A one-line progress bar on stderr when it is a terminal (nothing otherwise), for jobs with
 * several parts (disks) progressing at once.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean tty;
    private final Map<String, long[]> parts = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintStream out) {
        this.out = out;
        this.tty = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    /** Records progress of one part and redraws at most ten times a second. */
    synchronized void update(String part, long done, long total) {
        parts.put(part, new long[] {done, total});
        long now = System.nanoTime();
        if (tty && now - lastDraw > 100_000_000L) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        long done = 0;
        long total = 0;
        for (long[] p : parts.values()) {
            done += p[0];
            total += p[1];
        }
        double f = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(f * WIDTH);
        double secs = (System.nanoTime() - started) / 1e9;
        out.printf("\r[%s%s] %3.0f%% %s/%s %.0f MB/s  ", "#".repeat(filled), ".".repeat(WIDTH - filled), f * 100,
                io.vmferry.qemu.pve.Sizes.human(done), io.vmferry.qemu.pve.Sizes.human(total),
                secs > 0 ? done / secs / 1e6 : 0.0);
        out.flush();
    }

    /** Clears the bar line before normal output continues. */
    synchronized void clear() {
        if (tty && lastDraw != 0) {
            out.print("\r" + " ".repeat(WIDTH + 50) + "\r");
            out.flush();
        }
    }
}
