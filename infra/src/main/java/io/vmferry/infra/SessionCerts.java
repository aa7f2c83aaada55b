package io.vmferry.infra;

import io.vmferry.bus.config.ConfigException;
import io.vmferry.bus.config.TlsConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.stream.api.pki.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The extent streams' certificates for a stack: the configured {@code tls.certs-dir}, or — for
 * the all-in-one embedded stack only — a throw-away CA that lives as long as the stack.
 */
final class SessionCerts implements AutoCloseable {
    private final Path temp;

    private SessionCerts(Path temp) {
        this.temp = temp;
    }

    static SessionCerts forConfig(VmferryConfig config) {
        if (config.tls().certsDir() != null) {
            return new SessionCerts(null);
        }
        if (!config.bus().embedded()) {
            throw new ConfigException("tls.certs-dir must be set when services run against an external bus "
                    + "(create one with 'vmferry certs init DIR')");
        }
        try {
            Path dir = Files.createTempDirectory("vmferry-certs-");
            CertificateAuthority.initDirectory(dir);
            return new SessionCerts(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create session certificates", e);
        }
    }

    VmferryConfig apply(VmferryConfig config) {
        return temp == null ? config : config.withTls(new TlsConfig(temp));
    }

    @Override
    public void close() {
        if (temp == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(temp)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
