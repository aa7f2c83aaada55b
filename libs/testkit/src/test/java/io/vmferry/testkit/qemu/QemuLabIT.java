package io.vmferry.testkit.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vmferry.qemu.ga.GuestAgentClient;
import io.vmferry.qemu.ga.GuestAgentOptions;
import io.vmferry.qemu.qmp.BlockInfo;
import io.vmferry.qemu.qmp.BlockNode;
import io.vmferry.qemu.qmp.QmpClient;
import io.vmferry.qemu.qmp.QmpCommands;
import io.vmferry.qemu.qmp.QmpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lab against real QEMU: layout, guest writes, quit/kill/restart semantics, agent modes, cleanup. */
@ExtendWith(QemuLabExtension.class)
class QemuLabIT {

    @Test
    void stoppedVmHasProxmoxLayout(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(201).name("web1").cores(2).memory(2048).disk("scsi0", "1G", "qcow2")
                .disk("virtio1", "64M", "raw").cdrom("ide2").agent(GuestAgentMode.SILENT)
                .description("web server\nsecond line").create();
        assertFalse(vm.isRunning());
        assertEquals(lab.confDir().resolve("201.conf"), vm.confFile());
        List<String> conf = Files.readAllLines(vm.confFile());
        assertEquals("#web server", conf.get(0));
        assertEquals("#second line", conf.get(1));
        assertTrue(conf.containsAll(List.of("agent: 1", "boot: order=scsi0;ide2;net0", "cores: 2",
                "ide2: none,media=cdrom", "memory: 2048", "name: web1", "net0: virtio=BC:24:11:00:00:C9,bridge=vmbr0,firewall=1",
                "scsi0: local:201/vm-201-disk-0.qcow2,iothread=1,size=1G",
                "virtio1: local:201/vm-201-disk-1.raw,iothread=1,size=64M", "scsihw: virtio-scsi-single")), conf.toString());
        List<String> keys = conf.stream().skip(2).map(l -> l.substring(0, l.indexOf(':'))).toList();
        assertEquals(keys.stream().sorted().toList(), keys, "keys sorted as Proxmox writes them");

        assertEquals("dir: local\n\tpath " + lab.storagePath() + "\n\tcontent iso,vztmpl,backup,images\n",
                Files.readString(lab.storageCfg()));
        Path img = lab.storagePath().resolve("images/201/vm-201-disk-0.qcow2");
        assertEquals(img, vm.disk("scsi0").path());
        String info = LabCommands.run(List.of("qemu-img", "info", "--output=json", img.toString()));
        JsonObject json = new JsonObject(info);
        assertEquals("qcow2", json.getString("format"));
        assertEquals(1L << 30, json.getLong("virtual-size"));
        assertEquals(64L << 20, Files.size(lab.storagePath().resolve("images/201/vm-201-disk-1.raw")));
        assertFalse(Files.exists(vm.qmpSocket()));
    }

    @Test
    void snapshotSectionsAndOptions(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(300).disk("sata0", "16M").noNet().option("lock", "backup").snapshot("before").create();
        String conf = Files.readString(vm.confFile());
        assertTrue(conf.contains("\nlock: backup\n") && conf.contains("\nparent: before\n"), conf);
        assertTrue(conf.contains("\n\n[before]\n") && conf.contains("\nsnaptime: "), conf);
        assertTrue(conf.contains("sata0: local:300/vm-300-disk-0.qcow2,size=16M\n"), conf);
        assertFalse(conf.contains("net0"), conf);
    }

    @Test
    void guestWritesThroughTheDriveAreReadableAfterQuit(QemuLab lab) throws Exception {
        LabVm vm = lab.vm(201).name("web1").disk("scsi0", "64M").disk("virtio1", "16M", "raw").cdrom("ide2").start();
        assertTrue(Files.exists(vm.qmpSocket()));
        assertEquals(Long.toString(vm.pid()), Files.readString(vm.pidFile()).strip());

        // the code under test gets the real QMP socket while the lab keeps its private monitor
        QmpClient client = LabAwait.result(QmpClient.connect(lab.vertx(), vm.qmpSocket().toString()));
        List<BlockInfo> block = LabAwait.result(new QmpCommands(client).queryBlock());
        assertEquals(List.of("drive-scsi0", "drive-virtio1", "drive-ide2"), block.stream().map(BlockInfo::device).toList());
        assertEquals("fmt-scsi0", block.get(0).nodeName());
        LabAwait.result(client.close());

        vm.writePattern("scsi0", 0x11, 0, 65536);
        vm.writePattern("scsi0", 0x22, 1 << 20, 4096);
        vm.writeZeroes("scsi0", 4096, 4096);
        vm.writePattern("virtio1", 0xab, 512, 512);
        vm.verifyPattern("scsi0", 0x22, 1 << 20, 4096);
        assertThrows(IllegalStateException.class, () -> vm.verifyPattern("scsi0", 0x33, 1 << 20, 4096));
        assertThrows(IllegalStateException.class, () -> vm.writePattern("scsi0", 0x11, 128L << 20, 4096));
        assertThrows(IllegalArgumentException.class, () -> vm.writePattern("ide2", 0x11, 0, 512), "a CD-ROM is no disk");
        vm.quit();
        assertFalse(vm.isRunning());

        String img = vm.disk("scsi0").path().toString();
        String out = LabCommands.run(List.of("qemu-io", "-f", "qcow2", "-c", "read -P 0x11 0 4096",
                "-c", "read -P 0 4096 4096", "-c", "read -P 0x11 8192 57344", "-c", "read -P 0x22 1M 4k", img));
        assertFalse(out.contains("failed"), out);
        assertEquals(4, out.lines().filter(l -> l.startsWith("read ")).count(), out);
        vm.verifyPattern("virtio1", 0xab, 512, 512);
        vm.writePattern("virtio1", 0xcd, 0, 512);
        vm.verifyPattern("virtio1", 0xcd, 0, 512);
    }

    @Test
    void quitStoresPersistentBitmapsKillLeavesThemInconsistent(QemuLab lab) {
        LabVm vm = lab.vm(202).disk("scsi0", "64M").start();
        vm.qmp("block-dirty-bitmap-add", new JsonObject().put("node", "fmt-scsi0").put("name", "cbt-inc")
                .put("granularity", 65536).put("persistent", true));
        vm.writePattern("scsi0", 0x11, 0, 65536);
        vm.restart();
        assertEquals(65536, bitmap(lab, vm).getLong("count"));
        assertTrue(bitmap(lab, vm).getBoolean("recording"));
        long before = vm.pid();
        vm.kill();
        assertTrue(ProcessHandle.of(before).isEmpty() || !ProcessHandle.of(before).get().isAlive());
        assertTrue(Files.exists(vm.pidFile()), "kill -9 leaves the pid file, as on a real node");
        vm.start();
        assertTrue(bitmap(lab, vm).getBoolean("inconsistent", false));
    }

    private static JsonObject bitmap(QemuLab lab, LabVm vm) {
        QmpCommands qmp = new QmpCommands(LabAwait.result(QmpClient.connect(lab.vertx(), vm.qmpSocket().toString())));
        try {
            BlockNode node = LabAwait.result(qmp.queryNamedBlockNodes()).stream()
                    .filter(n -> "fmt-scsi0".equals(n.nodeName())).findFirst().orElseThrow();
            var b = node.bitmap("cbt-inc").orElseThrow();
            return new JsonObject().put("count", b.count()).put("recording", b.recording())
                    .put("inconsistent", b.inconsistent());
        } finally {
            LabAwait.result(qmp.client().close());
        }
    }

    @Test
    void silentAgentTimesOutHostAgentAnswers(QemuLab lab) {
        LabVm silent = lab.vm(203).disk("scsi0", "16M").agent(GuestAgentMode.SILENT).start();
        GuestAgentOptions fast = GuestAgentOptions.DEFAULT.withSyncTimeout(Duration.ofMillis(300));
        assertThrows(QmpTimeoutException.class,
                () -> LabAwait.result(GuestAgentClient.connect(lab.vertx(), silent.qgaSocket().toString(), fast)));
        if (QemuLab.onPath("qemu-ga")) {
            LabVm host = lab.vm(204).disk("scsi0", "16M").agent(GuestAgentMode.HOST_AGENT).start();
            GuestAgentClient ga = LabAwait.result(GuestAgentClient.connect(lab.vertx(), host.qgaSocket().toString()));
            LabAwait.result(ga.ping());
            assertFalse(LabAwait.result(ga.info()).isEnabled("guest-fsfreeze-freeze"));
            LabAwait.result(ga.close());
            host.kill();
        }
    }

    @Test
    void closeKillsProcessesAndRemovesTheDirectory() {
        QemuLab lab = QemuLab.create();
        LabVm a = lab.vm(210).disk("scsi0", "16M").start();
        LabVm b = lab.vm(211).disk("scsi0", "16M").agent(GuestAgentMode.SILENT).start();
        lab.vm(212).disk("scsi0", "16M").create();
        ProcessHandle pa = ProcessHandle.of(a.pid()).orElseThrow();
        ProcessHandle pb = ProcessHandle.of(b.pid()).orElseThrow();
        Path root = lab.root();
        lab.close();
        assertFalse(pa.isAlive() || pb.isAlive());
        assertFalse(Files.exists(root));
        assertThrows(IllegalStateException.class, () -> lab.vm(213).create());
    }
}
