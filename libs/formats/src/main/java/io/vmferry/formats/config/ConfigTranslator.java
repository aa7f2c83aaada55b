package io.vmferry.formats.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a VM configuration between VMware ({@code .vmx}), Proxmox VE ({@code <vmid>.conf}) and
 * Hyper-V ({@code Get-VM | ConvertTo-Json}, or a PowerShell creation script as output). Every
 * translation goes through one neutral model; whatever is not translated comes back as a warning,
 * and input that cannot be translated is a one-line {@link ConfigException}.
 *
 * <pre>{@code
 * TranslationResult r = ConfigTranslator.translate(Path.of("web01.vmx"), Target.PROXMOX,
 *         TranslationOptions.parse(Map.of("vmid", "120", "storage", "local-lvm", "network_map", "VM Network=vmbr0")));
 * Files.writeString(Path.of("/etc/pve/qemu-server/120.conf"), r.text());
 * r.warnings().forEach(LOGGER::warn);
 * }</pre>
 */
public final class ConfigTranslator {
    /** Largest configuration file read. */
    public static final long MAX_FILE_BYTES = 4L << 20;

    private ConfigTranslator() {
    }

    /** Reads {@code src} (UTF-8), detects its kind from the extension or content, and translates it. */
    public static TranslationResult translate(Path src, Target target, TranslationOptions options) throws IOException {
        String file = src.getFileName() == null ? src.toString() : src.getFileName().toString();
        byte[] bytes;
        try {
            if (Files.size(src) > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_FILE_BYTES + " bytes; not a VM configuration");
            }
            bytes = Files.readAllBytes(src);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text");
        }
        return translate(file, text, SourceKind.detect(file, text), target, options);
    }

    /** Translates {@code text} of a known kind; {@code file} names the input in messages. */
    public static TranslationResult translate(String file, String text, SourceKind kind, Target target,
                                              TranslationOptions options) throws ConfigException {
        List<String> warnings = new ArrayList<>();
        VmSpec vm = switch (kind) {
            case VMX -> VmxTranslator.translate(VmxFile.parse(file, text), options, warnings);
            case PROXMOX -> ProxmoxConfParser.parse(file, text, options, warnings);
            case HYPERV_JSON -> HyperVJsonParser.parse(file, text, options, warnings);
        };
        String out = switch (target) {
            case PROXMOX -> ProxmoxConf.render(vm, options);
            case HYPERV_JSON -> HyperVJson.render(vm, options, warnings);
            case HYPERV_POWERSHELL -> HyperVScript.render(vm, options, warnings);
        };
        return new TranslationResult(out, warnings);
    }
}
