package io.vmferry.bus.service;

import io.vertx.core.Vertx;
import io.vmferry.bus.TopicSetup;
import io.vmferry.bus.config.ConfigException;
import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.bus.config.VmferryConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one service alone against a configured Kafka ({@code bus.bootstrap-servers} is required:
 * the embedded broker belongs to the stack). Usage: {@code <main> [--config FILE]}, or
 * {@code VMFERRY_CONFIG}. Exit 2 on bad configuration.
 */
public final class ServiceMain {
    private ServiceMain() {
    }

    public static void run(VmferryService service, String[] args) {
        try {
            VmferryConfig config = ConfigLoader.load(configPath(args));
            if (config.bus().embedded()) {
                throw new ConfigException("bus.bootstrap-servers must be set to run the " + service.name()
                        + " service alone (use 'vmferry stack' for the embedded broker)");
            }
            var bus = config.bus().options(config.bus().bootstrapServers());
            TopicSetup.ensureTopics(bus);
            Vertx vertx = Vertx.vertx();
            ServiceRunner runner = new ServiceRunner(vertx);
            runner.start(service, config, bus, true).await(60, TimeUnit.SECONDS);
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    runner.stopAll().eventually(vertx::close).await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("vmferry " + service.name() + ": unclean stop: " + e.getMessage());
                }
                stop.countDown();
            }));
            System.err.println("vmferry " + service.name() + " service ready bootstrap=" + bus.bootstrapServers());
            stop.await();
        } catch (ConfigException e) {
            System.err.println("vmferry " + service.name() + ": " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("vmferry " + service.name() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static Path configPath(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String env = System.getenv("VMFERRY_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }
}
