package io.vmferry.reader;

import io.vmferry.qemu.proc.UnixSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A read-only {@code qemu-nbd} serving a qcow2 image on a unix socket (optionally exporting a
 * dirty bitmap with {@code -B}), destroyed through its process handle.
 */
final class QemuNbd implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final String exportName;

    private QemuNbd(Process process, Path socket, String exportName) {
        this.process = process;
        this.socket = socket;
        this.exportName = exportName;
    }

    /** Serves {@code image} as {@code exportName}; {@code clients} connections at once; waits until it accepts. */
    static QemuNbd start(Path dir, Path image, String exportName, String bitmap, int clients) throws Exception {
        Path socket = dir.resolve(exportName + ".sock");
        List<String> cmd = new ArrayList<>(List.of("qemu-nbd", "-r", "-t", "-e", String.valueOf(clients),
                "-f", "qcow2", "-x", exportName, "-k", socket.toString()));
        if (bitmap != null) {
            cmd.addAll(List.of("-B", bitmap));
        }
        cmd.add(image.toString());
        Path log = dir.resolve(exportName + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (UnixSockets.awaitListening(socket, p, Duration.ofSeconds(15))) {
            return new QemuNbd(p, socket, exportName);
        }
        if (!p.isAlive()) {
            throw new IOException("qemu-nbd exited " + p.exitValue() + ": " + Files.readString(log));
        }
        p.destroyForcibly();
        throw new IOException("qemu-nbd not ready after 15 s: " + Files.readString(log));
    }

    Path socket() {
        return socket;
    }

    String exportName() {
        return exportName;
    }

    /** SIGSTOP ({@code false}) or SIGCONT ({@code true}): a hung export. */
    void running(boolean run) throws Exception {
        Tools.run("kill", run ? "-CONT" : "-STOP", String.valueOf(process.pid()));
    }

    /** SIGKILL: the export vanishes mid-transfer. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
