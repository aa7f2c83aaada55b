package io.vmferry.cli;

import io.vmferry.qemu.pve.Sizes;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
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
        out.print("\r" + line(done, total, (System.nanoTime() - started) / 1e9) + "  ");
        out.flush();
    }

    /** The bar for {@code done} of {@code total} bytes after {@code secs}: share, sizes, rate and time left. */
    static String line(long done, long total, double secs) {
        double f = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(f * WIDTH);
        double rate = secs > 0 ? done / secs : 0;
        String left = rate > 0 && done < total ? " " + clock((long) Math.ceil((total - done) / rate)) + " left" : "";
        String mbps = String.format(Locale.ROOT, rate < 10e6 ? "%.1f" : "%.0f", rate / 1e6);
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %s/%s %s MB/s%s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), f * 100, Sizes.human(done), Sizes.human(total), mbps, left);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    private static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** Clears the bar line before normal output continues. */
    synchronized void clear() {
        if (tty && lastDraw != 0) {
            out.print("\r" + " ".repeat(WIDTH + 70) + "\r");
            out.flush();
        }
    }
}
