package io.vmferry.formats.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files under {@code src/test/resources/config}: each source translated to each listed
 * target must equal {@code <source>.<target-ext>} and its warnings {@code <source>.<target-ext>.warnings}
 * exactly. Run with {@code -Dvmferry.golden.update=true} to rewrite them (then review the diff).
 */
class ConfigGoldenTest {
    /** Source networks → Proxmox bridges. */
    static final String BRIDGES = "VM Network=vmbr0,Backup-VLAN20=vmbr20,nat=vmbr1,External vSwitch=vmbr0,Internal=vmbr1";
    /** Source networks → Hyper-V switches. */
    static final String SWITCHES = "VM Network=External vSwitch,Backup-VLAN20=Backup,vmbr0=External vSwitch,vmbr20=Backup";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("win2022-efi.vmx", Target.PROXMOX, BRIDGES, null),
                Arguments.of("win2022-efi.vmx", Target.HYPERV_POWERSHELL, SWITCHES, null),
                Arguments.of("win2022-efi.vmx", Target.HYPERV_JSON, SWITCHES, null),
                Arguments.of("ubuntu-bios.vmx", Target.PROXMOX, BRIDGES, "qcow2"),
                Arguments.of("ubuntu-bios.vmx", Target.HYPERV_POWERSHELL, SWITCHES, null),
                Arguments.of("legacy-odd.vmx", Target.PROXMOX, BRIDGES, null),
                Arguments.of("hyperv-gen2.json", Target.PROXMOX, BRIDGES, null),
                Arguments.of("hyperv-gen1.json", Target.PROXMOX, BRIDGES, null),
                Arguments.of("hyperv-gen1.json", Target.HYPERV_POWERSHELL, "Internal=Internal,External vSwitch=External vSwitch", null),
                Arguments.of("pve-win2022.conf", Target.HYPERV_JSON, SWITCHES, null),
                Arguments.of("pve-win2022.conf", Target.HYPERV_POWERSHELL, SWITCHES, null));
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigGoldenTest.class.getResource("/config/" + name).toURI());
    }

    static TranslationOptions options(String networks, String format) {
        Map<String, String> o = new java.util.HashMap<>(Map.of("vmid", "120", "storage", "local-lvm", "network_map", networks));
        if (format != null) {
            o.put("format", format);
            o.put("storage", "local");
        }
        return TranslationOptions.parse(o);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void matchesGoldenFiles(String source, Target target, String networks, String format) throws Exception {
        TranslationResult r = ConfigTranslator.translate(resource(source), target, options(networks, format));
        String ext = switch (target) {
            case PROXMOX -> "conf";
            case HYPERV_JSON -> "hyperv.json";
            case HYPERV_POWERSHELL -> "ps1";
        };
        String base = source.replaceFirst("\\.[a-z]+$", "") + ".expected." + ext;
        String warnings = String.join("\n", r.warnings()) + "\n";
        if (Boolean.getBoolean("vmferry.golden.update")) {
            Path dir = Path.of("src/test/resources/config");
            Files.writeString(dir.resolve(base), r.text());
            Files.writeString(dir.resolve(base + ".warnings"), warnings);
        }
        assertEquals(read(base), r.text(), base);
        assertEquals(read(base + ".warnings"), warnings, base + ".warnings");
    }

    private static String read(String name) throws IOException, URISyntaxException {
        return Files.readString(resource(name));
    }
}
