package io.vmferry.cli.bacula;

import io.vmferry.bus.config.VmferryConfig;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vmferry bacula agent --socket PATH}: the job agent. A long-running JVM that serves the Bacula commands a
 * job runs many times ({@code plugins}, {@code read}, {@code write}, {@code check}) for a thin client
 * ({@code infra/bin/bacula-agent-client}) that the launcher runs instead of a JVM of their own: no JVM start, class
 * loading, picocli set-up or configuration parsing per bpipe file. One request per connection
 * ({@link AgentSession}); the data goes straight into (or comes straight from) the File Daemon's pipe, which the
 * agent opens through {@code /proc/<client>/fd}. Snapshot holders run as its threads ({@link AgentHolds}). The launcher starts it on a job's first command (under a lock,
 * detached, one per configuration and build) and it exits after {@code --idle-seconds} without a request; or it
 * runs as a service ({@code infra/deploy/vmferry-bacula-agent.service}: the launcher's {@code bacula agent}).
 * The socket's directory is the launcher's, mode 0700: only its user can connect.
 */
@Command(name = "agent", hidden = true, description = "Serve the bpipe commands of Bacula jobs to thin clients (internal).")
final class AgentCommand implements Callable<Integer> {
    @ParentCommand
    BaculaCommand bacula;

    @Option(names = "--socket", required = true, paramLabel = "PATH", description = "Unix socket to listen on")
    Path socket;

    @Option(names = "--idle-seconds", defaultValue = "3600", paramLabel = "N",
            description = "exit after N seconds without a request, 0: never (default ${DEFAULT-VALUE})")
    long idleSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        VmferryConfig config = bacula.config();
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket); // a dead agent's; the launcher starts agents under a lock
        AtomicInteger active = new AtomicInteger();
        AgentHolds holds = new AgentHolds(config);
        AtomicLong lastRequest = new AtomicLong(System.nanoTime());
        Path pidFile = socket.resolveSibling(socket.getFileName() + ".pid");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> removeFiles(pidFile))); // SIGTERM
            Thread.ofPlatform().daemon().name("agent-idle").start(() -> closeWhenIdle(server, active, holds, lastRequest));
            System.err.println("vmferry agent: listening on " + socket);
            long n = 0;
            while (true) {
                SocketChannel client;
                try {
                    client = server.accept();
                } catch (ClosedChannelException e) { // closed when idle
                    break;
                }
                active.incrementAndGet();
                Thread.ofPlatform().name("agent-request-" + ++n).start(() -> {
                    try {
                        new AgentSession(client, config, holds).serve();
                    } finally {
                        lastRequest.set(System.nanoTime());
                        active.decrementAndGet();
                    }
                });
            }
        } finally {
            removeFiles(pidFile);
        }
        while (active.get() > 0 || holds.running() > 0) { // a request accepted just before the idle close
            Thread.sleep(100);
        }
        System.err.println("vmferry agent: idle for " + idleSeconds + " s, exiting");
        return 0;
    }

    /** Removes the socket and the PID file, unless another agent has taken them over meanwhile. */
    private void removeFiles(Path pidFile) {
        try {
            if (Files.readString(pidFile).strip().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(pidFile);
            }
        } catch (IOException e) {
            // already gone
        }
    }

    private void closeWhenIdle(ServerSocketChannel server, AtomicInteger active, AgentHolds holds,
                               AtomicLong lastRequest) {
        long idle = idleSeconds * 1_000_000_000L;
        try {
            while (idleSeconds == 0 || active.get() > 0 || holds.running() > 0 || System.nanoTime() - lastRequest.get() < idle) {
                Thread.sleep(1000);
            }
            server.close();
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }
}
