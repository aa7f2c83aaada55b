package io.vmferry.cli.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RestoredVmConfigTest {
    @Test
    void rewritesVolumesNameMacsAndDropsWhatWasNotRestored() {
        String conf = """
                # web server
                boot: order=scsi0;ide2;net0
                ide2: none,media=cdrom
                name: web1
                net0: virtio=BC:24:11:00:00:C9,bridge=vmbr0,firewall=1
                parent: snap1
                scsi0: local:701/vm-701-disk-0.qcow2,iothread=1,size=96M
                scsi1: local:701/vm-701-disk-1.raw,format=raw,size=1G
                unused0: local:701/vm-701-disk-9.qcow2
                virtio1: local:701/vm-701-disk-2.qcow2,size=32M,discard=on

                [snap1]
                scsi0: local:701/vm-701-disk-0.qcow2,size=96M
                """;
        RestoredVmConfig r = RestoredVmConfig.rewrite(conf, "web1-restored", Map.of(
                "scsi0", "fast:9601/vm-9601-disk-0.qcow2,size=96M",
                "virtio1", "fast:9601/vm-9601-disk-1.qcow2,size=32M"), new Random(1));
        List<String> lines = r.text().lines().toList();
        assertTrue(lines.contains("# web server"), r.text());
        assertTrue(lines.contains("name: web1-restored"), r.text());
        assertTrue(lines.contains("ide2: none,media=cdrom"), r.text());
        assertTrue(lines.contains("scsi0: fast:9601/vm-9601-disk-0.qcow2,size=96M,iothread=1"), r.text());
        assertTrue(lines.contains("virtio1: fast:9601/vm-9601-disk-1.qcow2,size=32M,discard=on"), r.text());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("scsi1") || l.startsWith("unused0")
                || l.startsWith("parent") || l.startsWith("[")), r.text());
        String net = lines.stream().filter(l -> l.startsWith("net0: ")).findFirst().orElseThrow();
        assertTrue(net.matches("net0: virtio=BC:24:11:[0-9A-F:]{8},bridge=vmbr0,firewall=1"), net);
        assertTrue(!net.contains("00:00:C9"), net);
        assertEquals(3, r.changes().size(), r.changes().toString());
    }

    @Test
    void addsANameWhenTheOriginalHadNone() {
        assertTrue(RestoredVmConfig.rewrite("memory: 512\n", "vm7-restored", Map.of(), new Random(2)).text()
                .contains("name: vm7-restored\n"));
    }
}
