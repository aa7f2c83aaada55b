package io.vmferry.nbd.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real NBD server process (nbdkit or qemu-nbd) started for a test: waits until its unix socket
 * or TCP port accepts connections, and is destroyed through its {@link Process} handle.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command}, then waits for {@code socket} to accept connections. */
    static ServerProcess unix(Path dir, Path socket, String... command) throws IOException, InterruptedException {
        ServerProcess p = start(dir, command);
        p.await(() -> {
            if (!Files.exists(socket)) {
                return false;
            }
            try (var ch = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
                return ch.isConnected();
            }
        });
        return p;
    }

    /** Starts {@code command}, then waits for 127.0.0.1:{@code port} to accept connections. */
    static ServerProcess tcp(Path dir, int port, String... command) throws IOException, InterruptedException {
        ServerProcess p = start(dir, command);
        p.await(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return p;
    }

    /** A currently free loopback port (the usual small race is acceptable in tests). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ServerProcess start(Path dir, String... command) throws IOException {
        Path log = Files.createTempFile(dir, "server", ".log");
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(process, log);
    }

    private interface Probe {
        boolean ready() throws IOException;
    }

    private void await(Probe probe) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server exited " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (IOException ignored) {
                // not yet
            }
            Thread.sleep(20);
        }
        close();
        throw new IOException("server not ready after 15 s: " + Files.readString(log));
    }

    /** SIGKILL: the server vanishes without a word. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
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
