package io.vmferry.qemu.ga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vmferry.qemu.qmp.QmpConnectionException;
import io.vmferry.qemu.qmp.QmpErrorClass;
import io.vmferry.qemu.qmp.QmpTimeoutException;
import io.vmferry.qemu.qmp.testing.Await;
import io.vmferry.qemu.qmp.testing.HostProcess;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GuestAgentClient} against a real {@code qemu-ga} on the host (every state-changing RPC blocked, see
 * {@code shared/notes/qemu-cbt.md} §8), and against a QEMU chardev with no agent behind it.
 */
class GuestAgentClientIT {
    /** Never let a host-side agent freeze, shut down or write anything. */
    static final String BLOCKED = String.join(",", "guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list",
            "guest-fsfreeze-thaw", "guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid",
            "guest-set-time", "guest-set-user-password", "guest-set-vcpus", "guest-set-memory-blocks", "guest-exec",
            "guest-exec-status", "guest-file-open", "guest-file-close", "guest-file-read", "guest-file-write",
            "guest-file-seek", "guest-file-flush", "guest-fstrim", "guest-ssh-add-authorized-keys",
            "guest-ssh-remove-authorized-keys");

    @TempDir
    Path dir;
    private Vertx vertx;
    private HostProcess process;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() {
        if (process != null) {
            process.close();
        }
        Await.result(vertx.close());
    }

    private String startAgent() throws Exception {
        HostProcess.assumeInstalled("qemu-ga");
        Path sock = dir.resolve("qga.sock");
        process = HostProcess.start(dir, "qemu-ga", List.of("qemu-ga", "-m", "unix-listen", "-p", sock.toString(),
                "-v", "-t", dir.toString(), "-f", dir.resolve("qga.pid").toString(), "-b", BLOCKED), sock);
        return sock.toString();
    }

    @Test
    void pingInfoStatusAndBlockedFreeze() throws Exception {
        GuestAgentClient ga = Await.result(GuestAgentClient.connect(vertx, startAgent()));
        Await.result(ga.ping());
        GuestInfo info = Await.result(ga.info());
        assertFalse(info.version().isEmpty());
        assertTrue(info.isEnabled("guest-ping"));
        assertFalse(info.isEnabled("guest-fsfreeze-freeze"), "blocked RPCs are listed as disabled");
        assertEquals(FsFreezeStatus.THAWED, Await.result(ga.fsfreezeStatus()));

        GuestAgentException e = Await.failure(ga.fsfreezeFreeze(), GuestAgentException.class);
        assertEquals(QmpErrorClass.COMMAND_NOT_FOUND, e.errorClass());
        assertEquals("Command guest-fsfreeze-freeze has been disabled", e.desc());
        assertTrue(ga.isOpen());
        Await.result(ga.close());
    }

    @Test
    void resyncAfterAnotherClientLeftGarbage() throws Exception {
        String path = startAgent();
        try (SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            // a complete request and half of another: the agent's parser keeps the half across connections
            raw.write(ByteBuffer.wrap("{\"execute\":\"guest-ping\"}\n{\"execute\": \"guest-in".getBytes(StandardCharsets.UTF_8)));
            // read the ping reply before closing: qemu-ga 7.2 (unix-listen) exits on the reset that closing a
            // socket with unread data causes ("error reading channel")
            raw.read(ByteBuffer.allocate(64));
        }
        for (int i = 0; i < 3; i++) {
            GuestAgentClient ga = connectWhenListening(path);
            Await.result(ga.ping());
            Await.result(ga.close());
        }
    }

    private String output() {
        try {
            return process.output();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** qemu-ga in unix-listen mode refuses connections for a moment after a client leaves. */
    private GuestAgentClient connectWhenListening(String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return Await.result(GuestAgentClient.connect(vertx, path));
            } catch (QmpConnectionException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(e.getMessage() + "; qemu-ga alive=" + process.process().isAlive()
                            + " output: " + output(), e);
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void chardevWithoutAgentTimesOutCleanly() throws Exception {
        HostProcess.assumeInstalled("qemu-system-x86_64");
        Path qga = dir.resolve("201.qga");
        process = HostProcess.start(dir, "qemu", List.of("qemu-system-x86_64", "-machine", "none", "-nodefaults",
                "-display", "none", "-accel", "tcg",
                "-chardev", "socket,path=" + qga + ",server=on,wait=off,id=qga0"), qga);
        GuestAgentOptions fast = GuestAgentOptions.DEFAULT.withSyncTimeout(Duration.ofMillis(400));
        long start = System.nanoTime();
        QmpTimeoutException e = Await.failure(GuestAgentClient.connect(vertx, qga.toString(), fast),
                QmpTimeoutException.class);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 350 && ms < 10_000, ms + " ms");
        assertTrue(e.getMessage().contains("agent not running?"), e.getMessage());
        assertTrue(process.process().isAlive());
        // the chardev is free again for the next attempt
        Await.failure(GuestAgentClient.connect(vertx, qga.toString(), fast), QmpTimeoutException.class);
    }
}
