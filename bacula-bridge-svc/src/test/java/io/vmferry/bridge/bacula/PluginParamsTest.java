package io.vmferry.bridge.bacula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PluginParamsTest {

    @Test
    void defaults() {
        PluginParams p = PluginParams.parse("vm=101");
        assertEquals("101", p.vm());
        assertEquals(Optional.empty(), p.host());
        assertEquals(List.of(), p.exclude());
        assertEquals(BackupType.SNAPSHOT, p.backupType());
        assertTrue(p.quiesce());
        assertTrue(p.includeConfig());
        assertFalse(p.includeFirewall());
        assertEquals(Optional.empty(), p.storage());
        assertEquals(Optional.empty(), p.destination());
    }

    @Test
    void everyKey() {
        PluginParams p = PluginParams.parse("  pve_host=pve1   vm=web*,101 exclude=105,106 backup_type=suspend"
                + " quiesce=off include_config=yes include_firewall=true storage=local-lvm ");
        assertEquals(Optional.of("pve1"), p.host());
        assertEquals("web*,101", p.vm());
        assertEquals(List.of(105, 106), p.exclude());
        assertEquals(BackupType.SUSPEND, p.backupType());
        assertFalse(p.quiesce());
        assertTrue(p.includeFirewall());
        assertEquals(Optional.of("local-lvm"), p.storage());
        assertEquals(List.of("host=pve1", "vm=web*,101", "exclude=105,106", "backup_type=suspend", "quiesce=no",
                "include_config=yes", "include_firewall=yes", "storage=local-lvm"), p.tokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pve_host", "pvehost", "host", "PVE-HOST", "Host"})
    void hostAliases(String key) {
        assertEquals(Optional.of("node-2.example.org"), PluginParams.parse(key + "=node-2.example.org vm=*").host());
    }

    @Test
    void roundTripThroughTokens() {
        PluginParams p = PluginParams.parse("pvehost=a vm=1 dest=/srv/restore firewall=1 config=on mode=stop");
        assertEquals(p, PluginParams.parse(p.tokens()));
        assertEquals(p.toString(), PluginParams.parse(p.toString()).toString());
    }

    @Test
    void stopMeansNoQuiesce() {
        assertFalse(PluginParams.parse("vm=1 backup_type=stop").quiesce());
        assertFalse(PluginParams.parse("vm=1 backup_type=stop quiesce=no").quiesce());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|plugin parameter 'vm' is required",
        "host=a|plugin parameter 'vm' is required",
        "vm=1 vmid=2|unknown plugin parameter 'vmid' (known: host, vm, exclude",
        "vm=1 host=a pve_host=a|plugin parameter 'host' given twice (as 'host' and 'pve_host')",
        "vm=1 pvehost=a host=b|plugin parameter 'host' given twice (as 'pvehost' and 'host')",
        "vm=1 vm=2|plugin parameter 'vm' given twice",
        "vm=1 quiesce|plugin parameter 'quiesce' is not key=value",
        "vm=1 =x|plugin parameter '=x' is not key=value",
        "vm=|plugin parameter 'vm' has an empty value",
        "vm=1 storage=local:lvm|plugin parameter 'storage' contains ':' (the bpipe field separator)",
        "vm=1 host=a:b|contains ':'",
        "vm=1 quiesce=maybe|bad value for plugin parameter 'quiesce': 'maybe' (expected yes or no)",
        "vm=1 exclude=1,x|bad value for plugin parameter 'exclude'",
        "vm=1 exclude=1,,2|bad value for plugin parameter 'exclude'",
        "vm=1 backup_type=hot|bad value for plugin parameter 'backup_type'",
        "vm=1 destination=relative/dir|bad value for plugin parameter 'destination'",
        "vm=1 destination=/a/../etc|bad value for plugin parameter 'destination'",
        "vm=$(reboot)|bad value for plugin parameter 'vm'",
        "vm=1 host=-x|bad value for plugin parameter 'host'",
        "vm=1 storage=a destination=/b|'storage' and 'destination' conflict",
        "vm=1 new_vmid=9602 destination=/b|plugin parameters 'new_vmid' and 'destination' conflict: restore into a new VM or into image files",
        "vm=1 include_config=no include_firewall=yes|'include_firewall=yes' needs include_config=yes",
        "vm=1 quiesce=yes backup_type=stop|'quiesce=yes' and 'backup_type=stop' conflict",
    })
    void rejects(String text, String message) {
        PluginParamException e = assertThrows(PluginParamException.class, () -> PluginParams.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(0, e.getStackTrace().length, "expected failures carry no stack trace");
    }
}
