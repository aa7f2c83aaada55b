package io.vmferry.qemu.proc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
