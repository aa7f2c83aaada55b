package io.vmferry.qemu.proc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketsTest {
    @TempDir
    Path dir;

    @Test
    void onlyABoundListeningSocketCounts() throws Exception {
        Path socket = dir.resolve("server.sock");
        assertFalse(UnixSockets.listening(socket), "no file");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertTrue(UnixSockets.listening(socket));
            assertFalse(UnixSockets.listening(dir.resolve("other.sock")), "another path");
        }
        assertTrue(Files.exists(socket), "closing leaves the file");
        assertFalse(UnixSockets.listening(socket), "a file nobody listens on");
        Path plain = Files.writeString(dir.resolve("plain.sock"), "x");
        assertFalse(UnixSockets.listening(plain), "a regular file");
    }

    @Test
    void awaitingGivesUpWhenTheOwnerExitsOrTimeRunsOut() throws Exception {
        Path socket = dir.resolve("never.sock");
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        long t0 = System.nanoTime();
        assertFalse(UnixSockets.awaitListening(socket, exited, Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "an exited owner ends the wait at once");
        Process silent = new ProcessBuilder("sleep", "30").start();
        try {
            assertFalse(UnixSockets.awaitListening(socket, silent, Duration.ofMillis(100)));
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                assertTrue(UnixSockets.awaitListening(socket, silent, Duration.ofMillis(100)));
            }
        } finally {
            silent.destroyForcibly();
        }
    }
}
