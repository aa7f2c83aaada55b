package io.vmferry.bus.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Child-JVM entry point: formats a fresh KRaft log dir, starts a combined broker/controller,
 * prints {@code KAFKA_READY 127.0.0.1:<port>} and runs until its stdin closes (the parent's exit
 * closes it, so the broker never outlives the JVM that started it).
 * Arguments: {@code <dir> <port> <controller-port> <partitions>}.
 */
public final class EmbeddedBrokerMain {
    static final String READY = "KAFKA_READY ";

    private EmbeddedBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        KafkaRaftServer server = start(dir, port, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            deleteTree(dir);
        }, "broker-shutdown"));
        System.out.println(READY + "127.0.0.1:" + port);
        System.out.flush();
        while (System.in.read() != -1) {
            // watchdog: parent gone or closed our stdin
        }
        System.exit(0);
    }

    /** Formats {@code dir} and starts a broker in this JVM; returns once it serves. */
    static KafkaRaftServer start(Path dir, int port, int controllerPort, int partitions) throws IOException {
        Files.createDirectories(dir);
        Properties props = BrokerProperties.of(dir, port, controllerPort, partitions);
        Path cfg = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(cfg)) {
            props.store(out, "vmferry embedded broker");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc = kafka.tools.StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", cfg.toString(), "--ignore-formatted"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + buf.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort on shutdown
        }
    }
}
