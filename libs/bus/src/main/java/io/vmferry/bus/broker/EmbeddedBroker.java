package io.vmferry.bus.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft) broker in a child JVM that dies with its parent
 * (shared/notes/kafka-embedded.md, approach A). Needs {@code kafka_2.13} on the class path.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final Process process;
    private final String bootstrap;
    private final Path dir;
    private final Thread hook;

    private EmbeddedBroker(Process process, String bootstrap, Path dir, boolean stopAtExit) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.hook = stopAtExit ? new Thread(this::close, "embedded-broker-stop") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Starts a broker whose topics get {@code partitions} partitions by default; blocks until it serves. */
    public static EmbeddedBroker start(int partitions) {
        return start(partitions, true);
    }

    /**
     * As {@link #start(int)}; with {@code stopAtExit} false no shutdown hook of its own stops it: the owner does,
     * after whatever still talks to it (JVM shutdown hooks run all at once, so a broker stopping itself then made
     * the consumers that were leaving their groups fail). The child still dies with this JVM.
     */
    public static EmbeddedBroker start(int partitions, boolean stopAtExit) {
        try {
            Path dir = Files.createTempDirectory("vmferry-kafka-");
            int port = freePort();
            int controllerPort = freePort();
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                // the launcher's JDK 24+ flags, and its class-data sharing archive (the broker shares the class path)
                if (arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe-memory-access")
                        || arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-Xlog:cds")) {
                    cmd.add(arg);
                }
            }
            cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController=error",
                    // a broker stopped right after it started (a command failing on bad configuration) logged
                    // "Failed to load metadata from __consumer_offsets-0 ... no longer the leader" with a stack trace
                    // under the user's one-line error; clients see real coordinator failures themselves
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.coordinator.common.runtime.CoordinatorRuntime=off",
                    "-cp", System.getProperty("vmferry.broker.classpath", System.getProperty("java.class.path")),
                    EmbeddedBrokerMain.class.getName(), dir.toString(), Integer.toString(port),
                    Integer.toString(controllerPort), Integer.toString(partitions)));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(EmbeddedBrokerMain.READY)) {
                    String bootstrap = line.substring(EmbeddedBrokerMain.READY.length()).trim();
                    EmbeddedBroker broker = new EmbeddedBroker(p, bootstrap, dir, stopAtExit);
                    Thread drain = new Thread(() -> drain(out), "embedded-broker-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return broker;
                }
            }
            int rc = p.waitFor();
            EmbeddedBrokerMain.deleteTree(dir);
            throw new IllegalStateException("embedded Kafka broker exited with code " + rc + " before it was ready");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Kafka broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting embedded Kafka broker");
        }
    }

    /** {@code 127.0.0.1:<port>} */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** The broker's process id (for measurements). */
    public long pid() {
        return process.pid();
    }

    @Override
    public synchronized void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOGGER.warn("embedded broker did not stop in 30 s, killing pid {}", process.pid());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        } finally {
            EmbeddedBrokerMain.deleteTree(dir);
            try {
                if (hook != null) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            } catch (IllegalStateException shuttingDown) {
                // called from the hook itself
            }
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // child gone
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
