package io.vmferry.testkit.kafka;

import io.vmferry.bus.broker.EmbeddedBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives tests a real Kafka broker as a {@link TestKafka} parameter, one per test JVM:
 * <ol>
 *   <li>{@code -Dvmferry.test.bootstrap=host:port}: an external broker;</li>
 *   <li>Testcontainers Kafka when Docker is available (image {@code -Dvmferry.test.kafka-image});</li>
 *   <li>otherwise the embedded KRaft broker in a child JVM.</li>
 * </ol>
 * The same tests run on all three.
 */
public final class KafkaExtension implements ParameterResolver {
    private static final String KEY = KafkaExtension.class.getName();

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> new Holder(), Holder.class).kafka;
    }

    /** Owns the broker; JUnit closes it when the whole run ends. */
    static final class Holder implements AutoCloseable {
        final TestKafka kafka;
        private AutoCloseable resource;

        Holder() {
            String external = System.getProperty("vmferry.test.bootstrap", "");
            if (!external.isBlank()) {
                kafka = new TestKafka(external, "external");
            } else if (dockerAvailable()) {
                KafkaContainer c = new KafkaContainer(System.getProperty("vmferry.test.kafka-image",
                        "apache/kafka-native:4.1.0"));
                c.start();
                resource = c::stop;
                kafka = new TestKafka(c.getBootstrapServers(), "testcontainers");
            } else {
                EmbeddedBroker broker = EmbeddedBroker.start(1);
                resource = broker;
                kafka = new TestKafka(broker.bootstrapServers(), "embedded");
            }
        }

        private static boolean dockerAvailable() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable t) {
                return false;
            }
        }

        @Override
        public void close() throws Exception {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
