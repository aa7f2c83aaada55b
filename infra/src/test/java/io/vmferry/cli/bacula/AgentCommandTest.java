package io.vmferry.cli.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.cli.Main;
import io.vmferry.cli.VmferryCommand;
import java.io.BufferedReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job agent's protocol ({@link AgentSession}) against a real agent on a real Unix socket: commands it does not
 * serve and requests that are not its protocol, a served command's text lines and exit code, and its exit when
 * idle (socket and PID file gone).
 */
class AgentCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesChecksRefusesTheRestAndExitsWhenIdle() throws Exception {
        Path yaml = dir.resolve("vmferry.yaml");
        Files.writeString(yaml, "bacula: {state-dir: " + dir.resolve("state") + "}\n");
        Path socket = dir.resolve("agent.sock");
        CompletableFuture<Integer> agent = CompletableFuture.supplyAsync(() -> Main.commandLine(new VmferryCommand())
                .execute("--config", yaml.toString(), "bacula", "agent", "--socket", socket.toString(),
                        "--idle-seconds", "2"));
        Path pidFile = dir.resolve("agent.sock.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pidFile)) {
            assertTrue(System.nanoTime() < deadline, "the agent never listened");
            Thread.sleep(20);
        }
        assertEquals(List.of("exit 75"), request(socket, "vmferry-agent 1", "pid=1", "arg=bacula", "arg=restore", ""),
                "restore is not served by the agent");
        assertEquals(List.of("exit 75"), request(socket, "vmferry-agent 1", "pid=1", "arg=vms", ""));
        assertEquals(List.of("err vmferry: not a vmferry agent request", "exit 2"), request(socket, "hello", ""));

        List<String> check = request(socket, "vmferry-agent 1", "pid=" + ProcessHandle.current().pid(),
                "arg=bacula", "arg=check", "arg=jobid=5", "");
        assertEquals("exit 1", check.get(check.size() - 1), check.toString());
        assertTrue(check.get(0).startsWith("out vmferry: job 5 failed"), check.toString());

        assertEquals(0, agent.get(30, TimeUnit.SECONDS), "the agent exits 0 when idle");
        assertFalse(Files.exists(socket), "socket removed");
        assertFalse(Files.exists(pidFile), "PID file removed");
    }

    private static List<String> request(Path socket, String... lines) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(ch).write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(Channels.newReader(ch, StandardCharsets.UTF_8));
            List<String> reply = new ArrayList<>();
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                reply.add(l);
                if (l.startsWith("exit ")) {
                    break;
                }
            }
            return reply;
        }
    }
}
