package io.vmferry.bus.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    @Test
    void emptyConfigMeansDefaults() {
        VmferryConfig c = ConfigLoader.parse("c.yaml", "");
        assertEquals(HypervisorConfig.DEFAULT_RUN_DIR, c.hypervisor().runDir());
        assertEquals(RepositoryConfig.DEFAULT_PATH, c.repository().path());
        assertEquals(false, c.repository().verifyOnReceive());
        assertEquals(false, c.repository().verifyNew());
        assertEquals(false, c.hypervisor().memoryTracking());
        assertEquals(java.util.List.of(), c.repository().restoreDirs());
        assertEquals(0, c.backup().rateLimitBytesPerSecond());
        assertFalse(c.repository().retention().prunes());
        assertTrue(c.bus().embedded());
        assertEquals(null, c.service("inventory").httpPort());
    }

    @Test
    void readsTheDocumentedKeys() {
        VmferryConfig c = ConfigLoader.parse("c.yaml", """
                hypervisor: {type: qemu, host: pve1, run-dir: /tmp/run, conf-dir: /tmp/conf, storage-cfg: /tmp/s.cfg,
                             memory-tracking: true}
                repository: {path: /srv/repo, verify-on-receive: true, verify-new: true,
                             restore-dirs: [/var/lib/vz/images, /srv/restore],
                             retention: {keep-last: 3, keep-daily: 7, keep-weekly: 4, keep-monthly: 6}}
                bus: {bootstrap-servers: "k1:9092,k2:9092", partitions: 12}
                backup: {job-timeout-seconds: 600, parallel-disks: 4, compress: false, rate-limit-mib: 120}
                services:
                  inventory: {http-port: 9471}
                """);
        assertEquals("pve1", c.hypervisor().host());
        assertEquals(Path.of("/tmp/conf"), c.hypervisor().confDir());
        assertEquals(Path.of("/tmp/s.cfg"), c.hypervisor().storageCfg());
        assertTrue(c.hypervisor().memoryTracking());
        assertEquals(Path.of("/srv/repo"), c.repository().path());
        assertTrue(c.repository().verifyOnReceive());
        assertTrue(c.repository().verifyNew());
        assertEquals(java.util.List.of(Path.of("/var/lib/vz/images"), Path.of("/srv/restore")),
                c.repository().restoreDirs());
        assertEquals(new RetentionConfig(3, 7, 4, 6), c.repository().retention());
        assertEquals("k1:9092,k2:9092", c.bus().bootstrapServers());
        assertEquals(12, c.bus().partitions());
        assertEquals(600, c.backup().jobTimeoutSeconds());
        assertEquals(4, c.backup().parallelDisks());
        assertEquals(false, c.backup().compress());
        assertEquals(120L << 20, c.backup().rateLimitBytesPerSecond());
        assertEquals(9471, c.service("inventory").httpPort());
    }

    @Test
    void unknownKeyNamesKeyAndLine() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml", """
                hypervisor:
                  type: qemu
                  rundir: /tmp/run
                """));
        assertEquals("c.yaml:3: unknown key 'hypervisor.rundir'", e.getMessage());
    }

    @Test
    void badValuesAreOneLineErrors() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml", "bus: {partitions: 0}\n"));
        assertEquals("c.yaml:1: bus.partitions must be 1..1000, not 0", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml", "hypervisor: {type: xen}\n"));
        assertTrue(e.getMessage().contains("hypervisor.type 'xen' is not supported"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml", "bus: {partitions: many}\n"));
        assertTrue(e.getMessage().startsWith("c.yaml:1: bad value for 'bus.partitions'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml", "backup: {rate-limit-mib: -5}\n"));
        assertEquals("c.yaml:1: backup.rate-limit-mib must be 0 (no limit) or more, not -5", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml",
                "repository: {retention: {keep-daily: -1}}\n"));
        assertEquals("c.yaml:1: repository.retention keep counts cannot be negative", e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("c.yaml", "bus: [\n"));
        assertTrue(e.getMessage().startsWith("c.yaml:"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @Test
    void missingFileIsNamed() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("/nonexistent/v.yaml")));
        assertEquals("/nonexistent/v.yaml: no such configuration file", e.getMessage());
    }
}
