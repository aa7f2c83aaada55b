package io.vmferry.testkit;

import io.vmferry.bus.config.BackupConfig;
import io.vmferry.bus.config.BusConfig;
import io.vmferry.bus.config.HypervisorConfig;
import io.vmferry.bus.config.RepositoryConfig;
import io.vmferry.bus.config.TlsConfig;
import io.vmferry.bus.config.VmferryConfig;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.testkit.qemu.QemuLab;
import java.nio.file.Path;
import java.util.Map;

/** vmferry configurations pointing at a QEMU lab and a test broker. */
public final class LabConfigs {
    public static final String HOST = "lab";

    private LabConfigs() {
    }

    /** The lab's node layout as the {@code qemu} hypervisor, the repository under the lab root. */
    public static VmferryConfig of(QemuLab lab, TestKafka kafka) {
        return of(lab, kafka, lab.root().resolve("repo"), BackupConfig.defaults());
    }

    public static VmferryConfig of(QemuLab lab, TestKafka kafka, Path repository, BackupConfig backup) {
        HypervisorConfig hv = new HypervisorConfig("qemu", HOST, lab.runDir(), lab.confDir(), lab.storageCfg(),
                lab.root().resolve("fleece"));
        return new VmferryConfig(hv, new RepositoryConfig(repository),
                new BusConfig(kafka == null ? "" : kafka.bootstrapServers(), 2), backup, TlsConfig.defaults(),
                Map.of());
    }
}
