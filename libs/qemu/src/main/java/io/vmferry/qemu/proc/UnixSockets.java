package io.vmferry.qemu.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Whether a process started by us listens on its Unix socket yet. The socket file appears at {@code bind()}, a moment
 * before {@code listen()}; a connect in between is refused, so waiting for the file alone races (a {@code qemu-ga}
 * under load was caught there). The kernel's table ({@code /proc/net/unix}) tells without connecting, which matters for
 * servers that take a probe connection for a client ({@code qemu-ga} re-listens after every client).
 */
public final class UnixSockets {
    /** {@code __SO_ACCEPTCON} in the table's Flags column: the socket is listening. */
    private static final String LISTENING = "00010000";
    private static final Path TABLE = Path.of("/proc/net/unix");
    private static final long POLL_MS = 10;

    private UnixSockets() {
    }

    /** True once a socket bound to {@code socket} is listening (in this network namespace). */
    public static boolean listening(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        // the table shows the path as the server passed it to bind(): as given, or made absolute
        String given = " " + socket;
        String absolute = " " + socket.toAbsolutePath();
        try (Stream<String> lines = Files.lines(TABLE)) {
            return lines.anyMatch(l -> (l.endsWith(given) || l.endsWith(absolute)) && LISTENING.equals(flags(l)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code owner}, just started, listens on {@code socket}: true then; false once {@code owner} exited,
     * {@code timeout} passed or the waiting thread was interrupted (its flag set again). The caller says why.
     */
    public static boolean awaitListening(Path socket, Process owner, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening(socket)) {
            if (!owner.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The Flags column: {@code Num: RefCount Protocol Flags Type St Inode Path}. */
    private static String flags(String line) {
        String[] f = line.trim().split("\\s+");
        return f.length > 3 ? f[3] : "";
    }
}
