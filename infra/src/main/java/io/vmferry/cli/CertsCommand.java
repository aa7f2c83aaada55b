package io.vmferry.cli;

import io.vmferry.stream.api.PkiException;
import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.stream.api.pki.CertsInitResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vmferry certs init DIR}: a CA and one certificate per service for the extent streams' mutual TLS. */
@Command(name = "certs", description = "Manage the certificates of the extent streams' mutual TLS.",
        subcommands = CertsCommand.Init.class)
final class CertsCommand {

    @Command(name = "init", description = "Create a CA and service certificates in DIR (never overwrites).")
    static final class Init implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "directory for ca.crt/ca.key and <service>.crt/.key")
        Path dir;

        @Override
        public Integer call() {
            CertsInitResult result;
            try {
                result = CertificateAuthority.initDirectory(dir);
            } catch (PkiException e) {
                throw new UsageException(e.getMessage());
            }
            result.describe().forEach(System.err::println);
            System.err.println("set tls.certs-dir: " + result.directory().toAbsolutePath() + " in every node's config");
            return 0;
        }
    }
}
