package io.vmferry.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates every vmferry topic and its DLQ with the configured partition count (blocking). */
public final class TopicSetup {
    private TopicSetup() {
    }

    /** Creates missing topics; existing ones are left as they are. */
    public static void ensureTopics(BusOptions bus) {
        Map<String, Object> cfg = Map.of("bootstrap.servers", bus.bootstrapServers(), "client.id", "vmferry-admin");
        try (Admin admin = Admin.create(cfg)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> wanted = new ArrayList<>();
            for (EventType t : EventType.values()) {
                for (String name : List.of(t.topic(), t.dlqTopic())) {
                    if (!existing.contains(name) && wanted.stream().noneMatch(n -> n.name().equals(name))) {
                        wanted.add(new NewTopic(name, java.util.Optional.of(bus.partitions()), java.util.Optional.empty()));
                    }
                }
            }
            if (!wanted.isEmpty()) {
                admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topics on " + bus.bootstrapServers() + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bus.bootstrapServers() + " did not answer within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics");
        }
    }
}
