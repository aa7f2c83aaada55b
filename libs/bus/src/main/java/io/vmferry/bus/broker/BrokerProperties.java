package io.vmferry.bus.broker;

import java.nio.file.Path;
import java.util.Properties;

/** Settings of the single-node, loopback-only KRaft broker (shared/notes/kafka-embedded.md §3). */
final class BrokerProperties {
    private BrokerProperties() {
    }

    static Properties of(Path dir, int port, int controllerPort, int partitions) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        for (String one : new String[] {"offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "share.coordinator.state.topic.replication.factor", "transaction.state.log.min.isr",
                "share.coordinator.state.topic.min.isr", "default.replication.factor", "min.insync.replicas",
                "offsets.topic.num.partitions", "transaction.state.log.num.partitions"}) {
            p.setProperty(one, "1");
        }
        p.setProperty("num.partitions", Integer.toString(partitions));
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("log.segment.bytes", "67108864");
        p.setProperty("log.cleaner.dedupe.buffer.size", "8388608");
        return p;
    }
}
