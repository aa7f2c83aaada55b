package io.vmferry.infra;

import io.vmferry.stream.api.pki.CertificateAuthority;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.testkit.qemu.QemuLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code vmferry.yaml} files for tests that run the CLI or a stack from a configuration file. */
final class TestYaml {
    private TestYaml() {
    }

    /**
     * {@code <lab>/vmferry.yaml}: the lab's node layout, the test broker, certificates from {@code vmferry certs init}
     * in {@code <lab>/certs} (created once), {@code repository} and any {@code extra} lines.
     */
    static Path lab(QemuLab lab, TestKafka kafka, Path repository, String extra) throws IOException {
        return lab(lab, kafka, repository, "", extra);
    }

    /** As {@link #lab(QemuLab, TestKafka, Path, String)} with more {@code hypervisor} keys ({@code , key: value}). */
    static Path lab(QemuLab lab, TestKafka kafka, Path repository, String hypervisorKeys, String extra)
            throws IOException {
        Path certs = lab.root().resolve("certs");
        if (!Files.exists(certs)) {
            CertificateAuthority.initDirectory(certs);
        }
        Path yaml = lab.root().resolve("vmferry.yaml");
        Files.writeString(yaml, """
                hypervisor: {host: lab, run-dir: %s, conf-dir: %s, storage-cfg: %s, fleece-dir: %s%s}
                repository: {path: %s}
                bus: {bootstrap-servers: "%s", partitions: 2}
                tls: {certs-dir: %s}
                """.formatted(lab.runDir(), lab.confDir(), lab.storageCfg(), lab.root().resolve("fleece"),
                hypervisorKeys, repository, kafka.bootstrapServers(), certs) + extra);
        return yaml;
    }

    /** {@code <dir>/vmferry.yaml} for a node without VMs (empty run and conf directories), plus {@code extra} lines. */
    static Path emptyNode(Path dir, String extra) throws IOException {
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("storage.cfg"), "");
        Path yaml = dir.resolve("vmferry.yaml");
        Files.writeString(yaml, """
                hypervisor: {host: t, run-dir: %s, conf-dir: %s, storage-cfg: %s}
                repository: {path: %s}
                """.formatted(dir.resolve("run"), dir.resolve("conf"), dir.resolve("storage.cfg"), dir.resolve("repo"))
                + extra);
        return yaml;
    }
}
