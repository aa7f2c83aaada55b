package io.vmferry.qemu.qmp.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vmferry.qemu.proc.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A host process for integration tests (qemu-system-x86_64, qemu-ga): output appended to {@code <dir>/<name>.log},
 * started when it listens on its Unix socket, destroyed by handle on {@link #close()}.
 */
public final class HostProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private HostProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Skips the test unless {@code binary} is installed. */
    public static void assumeInstalled(String binary) {
        boolean found = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin").stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, binary)));
        assumeTrue(found, binary + " not installed");
    }

    /**
     * Starts {@code command} and waits up to 10 s until it listens on the Unix socket {@code socket}
     * ({@link UnixSockets#listening}: the file alone appears a moment before connects are accepted).
     */
    public static HostProcess start(Path dir, String name, List<String> command, Path socket) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HostProcess hp = new HostProcess(p, log);
        if (!UnixSockets.awaitListening(socket, p, Duration.ofSeconds(10))) {
            hp.close();
            throw new IllegalStateException(name + " did not start: " + Files.readString(log));
        }
        return hp;
    }

    /** The process handle. */
    public Process process() {
        return process;
    }

    /** Everything the process wrote so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
