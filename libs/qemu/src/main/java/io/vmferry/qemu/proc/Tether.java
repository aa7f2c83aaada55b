package io.vmferry.qemu.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ends a child process when this JVM ends, however it ends ({@code kill -9} included): a watcher {@code sh} waits for
 * end of file on a pipe only this JVM holds open, which the kernel closes when the JVM dies, and then sends the child
 * SIGTERM. Without it a {@code qemu-nbd} serving a stopped VM's image outlived a killed stack and, holding its read
 * lock, kept the VM from starting ({@code Failed to get "write" lock}).
 *
 * <p>The watcher checks the child's start time before signalling, so a process that reused the PID of a child that
 * already ended is left alone. Child processes of this JVM do not inherit the pipe (the JDK closes every other
 * descriptor in a new child).
 */
public final class Tether implements AutoCloseable {
    private static final String WATCH = "cat >/dev/null; "
            + "[ \"$(sed 's/.*) //' /proc/$1/stat 2>/dev/null | cut -d ' ' -f 20)\" = \"$2\" ] && kill -TERM \"$1\"";
    private final Process child;
    private final Process watcher;

    private Tether(Process child, Process watcher) {
        this.child = child;
        this.watcher = watcher;
    }

    /** Ties {@code child} to this JVM's life (nothing to do when it already ended). */
    public static Tether of(Process child) throws IOException {
        String started;
        try {
            started = startTicks(child.pid());
        } catch (NoSuchFileException e) {
            return new Tether(child, null);
        }
        Process watcher = new ProcessBuilder("sh", "-c", WATCH, "vmferry-tether", Long.toString(child.pid()), started)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new Tether(child, watcher);
    }

    /** The child's start time in clock ticks since boot (field 22 of {@code /proc/PID/stat}). */
    static String startTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        // after the command name in parentheses (which may hold spaces): state is field 3, start time field 22
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
    }

    /** Unties the child (before ending it yourself): the watcher stops without touching it. */
    @Override
    public void close() {
        if (watcher == null) {
            return;
        }
        watcher.destroy();
        try {
            watcher.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unties and ends the child: SIGTERM, then SIGKILL if it has not ended within {@code grace}. */
    public void stop(Duration grace) {
        close();
        child.destroy();
        try {
            if (!child.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
        }
    }

    /** For tests: ends the watcher's wait as the JVM's death would. */
    void releasePipe() throws IOException {
        watcher.getOutputStream().close();
    }
}
