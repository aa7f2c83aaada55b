package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.api.BackupLevel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PluginLineGeneratorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T05:30:00.750Z"), ZoneOffset.UTC);
    private static final String CMD = "/usr/local/bin/vmferry";
    private final PluginLineGenerator gen = new PluginLineGenerator(CMD, CLOCK);
    private final List<VmDisk> disks = List.of(new VmDisk("pve1", 101, "scsi0"), new VmDisk("pve1", 101, "virtio1"),
            new VmDisk("pve1", 102, "scsi0"));

    private static GeneratorArgs args(String params, String level, long jobId) {
        return new GeneratorArgs(PluginParams.parse(params), level, jobId, "vm-backup");
    }

    @Test
    void oneLinePerDiskThenTheConfigs() {
        List<String> lines = gen.generate(args("vm=101,102", "Incremental", 12), disks);
        assertEquals(List.of(
                "bpipe:/@vmferry/pve1/101/scsi0/20261122T053000Z-incremental-12.vfs:" + CMD + " bacula read host=pve1"
                        + " vm=101 disk=scsi0 level=incremental jobid=12:" + CMD + " bacula write '%w' '%r'"
                        + " /@vmferry/pve1/101/scsi0/20261122T053000Z-incremental-12.vfs",
                "bpipe:/@vmferry/pve1/101/virtio1/20261122T053000Z-incremental-12.vfs:" + CMD + " bacula read"
                        + " host=pve1 vm=101 disk=virtio1 level=incremental jobid=12:" + CMD + " bacula write '%w' '%r'"
                        + " /@vmferry/pve1/101/virtio1/20261122T053000Z-incremental-12.vfs",
                "bpipe:/@vmferry/pve1/102/scsi0/20261122T053000Z-incremental-12.vfs:" + CMD + " bacula read host=pve1"
                        + " vm=102 disk=scsi0 level=incremental jobid=12:" + CMD + " bacula write '%w' '%r'"
                        + " /@vmferry/pve1/102/scsi0/20261122T053000Z-incremental-12.vfs",
                "bpipe:/@vmferry/pve1/101/config/20261122T053000Z-incremental-12.conf:" + CMD + " bacula read"
                        + " host=pve1 vm=101 disk=config level=incremental jobid=12:" + CMD + " bacula write '%w' '%r'"
                        + " /@vmferry/pve1/101/config/20261122T053000Z-incremental-12.conf",
                "bpipe:/@vmferry/pve1/102/config/20261122T053000Z-incremental-12.conf:" + CMD + " bacula read"
                        + " host=pve1 vm=102 disk=config level=incremental jobid=12:" + CMD + " bacula write '%w' '%r'"
                        + " /@vmferry/pve1/102/config/20261122T053000Z-incremental-12.conf"), lines);
    }

    @Test
    void everyLineHasExactlyTheThreeBpipeSeparatorsBeforeTheWriter() {
        for (String line : gen.generate(args("vm=* include_firewall=yes backup_type=suspend quiesce=no"
                + " destination=/srv/r", "Full", 3), disks)) {
            String[] f = line.split(":", 4);
            assertEquals("bpipe", f[0]);
            CatalogPath.parse(f[1]);
            assertFalse(f[2].contains(":"));
            assertTrue(f[3].startsWith(CMD + " bacula write '%w' '%r' " + f[1]), f[3]);
        }
    }

    @Test
    void optionsReachReaderAndWriter() {
        List<String> lines = gen.generate(args("vm=101 backup_type=stop include_config=no storage=ceph-1", "Full", 7),
                List.of(new VmDisk("pve1", 101, "scsi0")));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("jobid=7 backup_type=stop quiesce=no:"), lines.get(0));
        assertTrue(lines.get(0).endsWith("-full-7.vfs storage=ceph-1"), lines.get(0));
    }

    @Test
    void restoreKeysAreBakedIntoTheWriterOnly() {
        List<String> lines = gen.generate(args("vm=101 include_config=no target_storage=fast new-vmid=9000"
                + " start=yes overwrite_vmid=yes new_vm_name=standby", "Full", 8), List.of(new VmDisk("pve1", 101, "scsi0")));
        String[] f = lines.get(0).split(":", 4);
        assertFalse(f[2].contains("9000") || f[2].contains("storage"), f[2]);
        assertTrue(f[3].endsWith("-full-8.vfs storage=fast new_vmid=9000 new_vm_name=standby overwrite_vmid=yes"
                + " start_vm=yes"), f[3]);
        RestoreWhere w = RestoreWhere.parse("/r new_vm_name=other", List.of(f[3].split(" ")).subList(6, 11));
        assertEquals(java.util.Optional.of("other"), w.options().newVmName());
        assertEquals(java.util.Optional.of(9000), w.options().newVmid());
    }

    @Test
    void firewallStreamWhenAsked() {
        List<String> lines = gen.generate(args("vm=101 include_firewall=yes", "Differential", 9),
                List.of(new VmDisk("h", 101, "scsi0")));
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("bpipe:/@vmferry/h/101/firewall/20261122T053000Z-differential-9.fw:"));
    }

    @Test
    void excludedVmsAreDropped() {
        List<String> lines = gen.generate(args("vm=* exclude=101", "Full", 1), disks);
        assertTrue(lines.stream().noneMatch(l -> l.contains("/101/")));
        assertEquals(2, lines.size());
    }

    @Test
    void nothingSelectedIsAnError() {
        var e = assertThrows(PluginParamException.class, () -> gen.generate(args("vm=* exclude=101,102", "Full", 1),
                disks));
        assertEquals("job vm-backup: no disk selected by vm=* exclude=101,102", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"VirtualFull", "Base", "Since", "%l", ""})
    void unsupportedLevels(String level) {
        var e = assertThrows(PluginParamException.class, () -> gen.generate(args("vm=1", level, 1), disks));
        assertTrue(e.getMessage().contains("is not supported by vmferry"), e.getMessage());
    }

    @Test
    void reservedDiskNames() {
        assertThrows(PluginParamException.class, () -> gen.generate(args("vm=1", "Full", 1),
                List.of(new VmDisk("h", 1, "config"))));
    }

    @Test
    void commandWithTheSeparatorIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PluginLineGenerator("C:/vmferry", CLOCK));
        assertThrows(IllegalArgumentException.class, () -> new PluginLineGenerator(" ", CLOCK));
    }

    @Test
    void errorLineIsOneLineWithoutSeparator() {
        String line = PluginLineGenerator.errorLine("unknown plugin parameter 'x' (known: a, b)\nmore");
        assertEquals("vmferry error - unknown plugin parameter 'x' (known - a, b) more", line);
    }

    @Test
    void levelMapping() {
        assertEquals(BackupLevel.FULL, BaculaLevels.fromBacula("Full"));
        assertEquals(BackupLevel.INCREMENTAL, BaculaLevels.fromBacula("incremental"));
        assertEquals(BackupLevel.DIFFERENTIAL, BaculaLevels.fromBacula("D"));
        assertEquals("Differential", BaculaLevels.toBacula(BackupLevel.DIFFERENTIAL));
        assertThrows(PluginParamException.class, () -> BaculaLevels.fromBacula(null));
    }
}
