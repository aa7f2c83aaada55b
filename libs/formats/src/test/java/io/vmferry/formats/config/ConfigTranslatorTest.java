package io.vmferry.formats.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors, detection and round trips of {@link ConfigTranslator}. */
class ConfigTranslatorTest {
    @TempDir
    Path dir;

    private static TranslationOptions opts(String networks) {
        return TranslationOptions.parse(Map.of("vmid", "120", "network_map", networks));
    }

    @Test
    void unmappedNetworkIsAClearError() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigTranslator.translate(
                ConfigGoldenTest.resource("win2022-efi.vmx"), Target.PROXMOX, opts("VM Network=vmbr0")));
        assertEquals("win2022-efi.vmx: ethernet1: network 'Backup-VLAN20' has no entry in network_map ([VM Network])", e.getMessage());
    }

    @Test
    void badInputIsOneLineError() throws Exception {
        Path vmx = dir.resolve("broken.vmx");
        Files.writeString(vmx, "displayName = \"x\"\nthis is not a vmx line\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigTranslator.translate(vmx, Target.PROXMOX, opts("")));
        assertEquals("broken.vmx: line 2 is not key = \"value\"", e.getMessage());

        Files.writeString(vmx, "memsize = \"lots\"\n");
        e = assertThrows(ConfigException.class, () -> ConfigTranslator.translate(vmx, Target.PROXMOX, opts("")));
        assertEquals("broken.vmx: memsize = \"lots\" is not a number", e.getMessage());

        Path json = dir.resolve("vm.json");
        Files.writeString(json, "{\"Name\": \"a\", \"Generation\": 3}");
        e = assertThrows(ConfigException.class, () -> ConfigTranslator.translate(json, Target.PROXMOX, opts("")));
        assertEquals("vm.json: Generation 3 is neither 1 nor 2", e.getMessage());

        Files.writeString(json, "{\"Name\": \"a\", ");
        e = assertThrows(ConfigException.class, () -> ConfigTranslator.translate(json, Target.PROXMOX, opts("")));
        assertTrue(e.getMessage().startsWith("invalid JSON at offset"), e.getMessage());

        Path unknown = dir.resolve("notes.txt");
        Files.writeString(unknown, "hello world\n");
        e = assertThrows(ConfigException.class, () -> ConfigTranslator.translate(unknown, Target.PROXMOX, opts("")));
        assertTrue(e.getMessage().startsWith("notes.txt: cannot tell the configuration kind"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> ConfigTranslator.translate(dir.resolve("missing.vmx"), Target.PROXMOX, opts("")));
        assertEquals("missing.vmx: no such file", e.getMessage());

        Path binary = dir.resolve("disk.conf");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        e = assertThrows(ConfigException.class, () -> ConfigTranslator.translate(binary, Target.PROXMOX, opts("")));
        assertEquals("disk.conf: not UTF-8 text", e.getMessage());
    }

    @Test
    void detectsKindFromContent() throws Exception {
        assertEquals(SourceKind.VMX, SourceKind.detect(null, "config.version = \"8\"\nmemsize = \"1024\"\n"));
        assertEquals(SourceKind.PROXMOX, SourceKind.detect("x", "cores: 2\nmemory: 2048\n"));
        assertEquals(SourceKind.HYPERV_JSON, SourceKind.detect("vm", "  {\"Name\": \"a\"}"));
        assertEquals(SourceKind.HYPERV_JSON, SourceKind.detect("vm.JSON", "garbage"));
    }

    @Test
    void proxmoxToHyperVAndBackKeepsTheVm() throws Exception {
        TranslationResult json = ConfigTranslator.translate(ConfigGoldenTest.resource("pve-win2022.conf"), Target.HYPERV_JSON,
                opts("vmbr0=External vSwitch,vmbr20=Backup"));
        Path hv = dir.resolve("fs01.json");
        Files.writeString(hv, json.text());
        TranslationResult back = ConfigTranslator.translate(hv, Target.PROXMOX, opts("External vSwitch=vmbr0,Backup=vmbr20"));
        String conf = back.text();
        for (String line : new String[] {"bios: ovmf", "cores: 4", "memory: 8192", "balloon: 2048", "ostype: win11",
                "efidisk0: local-lvm:vm-120-disk-2,efitype=4m,pre-enrolled-keys=1,size=4M", "tpmstate0: local-lvm:vm-120-disk-3",
                "net0: e1000=BC:24:11:4E:2A:01,bridge=vmbr0", "boot: order=sata0;ide2;net0", "ide2: none,media=cdrom"}) {
            assertTrue(conf.contains(line), line + " in\n" + conf);
        }
        assertFalse(conf.contains("net1"), "a disconnected adapter has no switch to map back:\n" + conf);
    }

    @Test
    void optionsAreValidated() {
        assertEquals(Map.of("VM Network", "vmbr0", "DMZ", "vmbr9"), TranslationOptions.parseNetworkMap("VM Network=vmbr0, DMZ=vmbr9"));
        assertThrows(IllegalArgumentException.class, () -> TranslationOptions.parseNetworkMap("a=b=c"));
        assertThrows(IllegalArgumentException.class, () -> TranslationOptions.parse(Map.of("vmid", "7")));
        assertThrows(IllegalArgumentException.class, () -> TranslationOptions.parse(Map.of("colour", "blue")));
        assertEquals("local:120/vm-120-disk-3.qcow2",
                TranslationOptions.parse(Map.of("vmid", "120", "storage", "local", "format", "qcow2")).volume(3));
    }
}
