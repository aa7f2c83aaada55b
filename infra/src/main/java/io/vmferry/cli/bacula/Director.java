package io.vmferry.cli.bacula;

import io.vmferry.bridge.bacula.Bconsole;
import io.vmferry.bridge.bacula.BconsoleOptions;
import io.vmferry.bus.config.BaculaConfig;
import io.vmferry.cli.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the commands that talk to the Director ({@code points}, {@code restore}). */
final class Director {
    @Option(names = "--bconsole-config", paramLabel = "FILE", description = "bconsole.conf (default: bacula.bconsole-config)")
    Path bconsoleConfig;

    @Option(names = "--client", paramLabel = "NAME", description = "the Bacula client the VM was backed up on"
            + " (default: bacula.client)")
    String client;

    @Option(names = "--host", paramLabel = "HOST", description = "the host in the catalog paths (default: hypervisor.host)")
    String host;

    Bconsole bconsole(BaculaConfig cfg) {
        Path conf = bconsoleConfig != null ? bconsoleConfig : cfg.bconsoleConfig();
        if (conf == null) {
            throw new UsageException("no bconsole configuration: give --bconsole-config or bacula.bconsole-config");
        }
        return new Bconsole(new BconsoleOptions(cfg.bconsole(), conf, Duration.ofSeconds(120)));
    }

    String client(BaculaConfig cfg) {
        String c = client != null ? client : cfg.client();
        if (c == null) {
            throw new UsageException("no Bacula client: give --client or bacula.client");
        }
        return c;
    }

    String host(String configured) {
        return host != null ? host : configured;
    }
}
