package io.vmferry.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import io.vmferry.bridge.BridgeService;
import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.inventory.InventoryService;
import io.vmferry.qemu.img.QemuImg;
import io.vmferry.reader.ExtentReaderService;
import io.vmferry.snapshot.SnapshotService;
import io.vmferry.testkit.kafka.KafkaExtension;
import io.vmferry.testkit.kafka.TestKafka;
import io.vmferry.testkit.qemu.LabLeftovers;
import io.vmferry.testkit.qemu.LabVm;
import io.vmferry.testkit.qemu.QemuLab;
import io.vmferry.testkit.qemu.QemuLabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * File systems that fill up (real ones: 8 MiB tmpfs mounts, under a disk with 24 MiB of data). The repository's during
 * a backup: the job fails with one line naming the file and "No space left on device", nothing of the point stays in
 * the repository, QEMU is left clean, and once there is room again the next backup stores a point that restores
 * exactly. A restore target's: one line naming the target and the reason, no file left.
 */
@ExtendWith({KafkaExtension.class, QemuLabExtension.class})
class FileSystemFullIT {
    private static final long M = 1 << 20;

    @Test
    void aFullRepositoryOrRestoreTargetFailsWithOneLineAndLeavesNothing(QemuLab lab, TestKafka kafka) throws Exception {
        Path repo = lab.root().resolve("small-repo");
        Files.createDirectories(repo);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", repo.toString()) == 0,
                "mounting a tmpfs needs root");
        try {
            LabVm vm = lab.vm(641).name("full").disk("scsi0", "64M", "qcow2").start();
            for (int i = 0; i < 24; i++) {
                vm.writePattern("scsi0", 0x10 + i, i * 2 * M, M); // no compression helps: 24 MiB of distinct blocks
            }
            Path yaml = TestYaml.lab(lab, kafka, repo, "backup: {compress: false}\n");
            try (Stack stack = Stack.start(ConfigLoader.load(yaml), List.of(InventoryService::new,
                    SnapshotService::new, ExtentReaderService::new, BridgeService::new), false)) {
                CliRun failed = CliRun.run("--config", yaml.toString(), "backup", "--vm", "641", "--level", "full");
                assertEquals(1, failed.code(), failed.err());
                assertTrue(failed.errorLine().startsWith("vmferry: lab/641: storing the point failed: "),
                        failed.errorLine());
                assertTrue(failed.errorLine().matches("vmferry: lab/641: storing the point failed: disk scsi0: " + repo
                        + "/lab/641/[^/]+/scsi0.vfs.part: No space left on device"), failed.errorLine());
                try (Stream<Path> files = Files.walk(repo)) {
                    assertEquals(List.of(), files.filter(Files::isRegularFile)
                            .map(f -> repo.relativize(f).toString()).filter(f -> !f.equals(".lock")).toList(),
                            "nothing of the failed point is left");
                }
                LabLeftovers.assertNone(vm, lab.root().resolve("fleece"));

                assertEquals(0, run("mount", "-o", "remount,size=64m", repo.toString()));
                CliRun ok = CliRun.run("--config", yaml.toString(), "backup", "--vm", "641", "--level", "incremental",
                        "--json");
                assertEquals(0, ok.code(), ok.err());
                JsonObject result = new JsonObject(ok.out()).getJsonObject("vms").getJsonObject("lab/641");
                assertEquals("full", result.getString("level"), "nothing to build on: the failed full stored nothing");
                Path expected = lab.root().resolve("expected.raw");
                vm.copyDiskAsRaw("scsi0", expected);
                Path restored = lab.root().resolve("restored.raw");
                CliRun r = CliRun.run("--config", yaml.toString(), "restore", "--vm", "641", "--disk", "scsi0",
                        "--to", restored.toString());
                assertEquals(0, r.code(), r.err());
                QemuImg.run(List.of("qemu-img", "compare", "-q", "-f", "raw", "-F", "raw", expected.toString(),
                        restored.toString()));

                Path small = lab.root().resolve("small-target");
                Files.createDirectories(small);
                assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", small.toString()));
                try {
                    Path target = small.resolve("restored.raw");
                    CliRun full = CliRun.run("--config", yaml.toString(), "restore", "--vm", "641", "--disk", "scsi0",
                            "--to", target.toString());
                    assertEquals(1, full.code(), full.err());
                    assertEquals("vmferry: restore of lab/641 scsi0 at " + result.getString("pointId") + ": " + target
                            + ": No space left on device", full.errorLine());
                    try (Stream<Path> files = Files.list(small)) {
                        assertEquals(List.of(), files.toList(), "no partial restore left");
                    }
                } finally {
                    run("umount", "-l", small.toString());
                }
            }
        } finally {
            run("umount", "-l", repo.toString());
        }
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
