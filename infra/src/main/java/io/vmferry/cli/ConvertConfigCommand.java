package io.vmferry.cli;

import io.vmferry.formats.api.FormatException;
import io.vmferry.formats.config.ConfigTranslator;
import io.vmferry.formats.config.Target;
import io.vmferry.formats.config.TranslationOptions;
import io.vmferry.formats.config.TranslationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vmferry convert-config SRC --to pve|hyperv}: translates a VM configuration (.vmx, Proxmox
 * .conf, Hyper-V JSON) and prints it, or writes it atomically with {@code -o}. Every setting that
 * was not translated is a warning on stderr.
 */
@Command(name = "convert-config", description = "Translate a VM configuration (.vmx, Proxmox .conf, Hyper-V JSON) "
        + "to a Proxmox .conf or a Hyper-V description.")
final class ConvertConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SRC", description = "SRC.vmx, SRC.conf or SRC.json (Get-VM | ConvertTo-Json)")
    Path source;

    @Option(names = "--to", required = true, paramLabel = "pve|hyperv", description = "target hypervisor")
    String to;

    @Option(names = "--vmid", paramLabel = "N", description = "Proxmox VMID used in volume names (default 100)")
    Integer vmid;

    @Option(names = "--storage", paramLabel = "S", description = "Proxmox storage for disks (default local-lvm)")
    String storage;

    @Option(names = "--volume-format", paramLabel = "FMT",
            description = "file format of the volumes on a directory storage: raw, qcow2 or vmdk (default: block storage)")
    String volumeFormat;

    @Option(names = "--network-map", paramLabel = "SRC=DST,...",
            description = "network name mapping; every network needs one")
    String networkMap;

    @Option(names = "--disk-dir", paramLabel = "DIR", description = "Hyper-V folder for the disks")
    String diskDir;

    @Option(names = "--powershell", description = "with --to hyperv: print the PowerShell that creates the VM")
    boolean powershell;

    @Option(names = "-o", paramLabel = "DST", description = "write to DST (atomically) instead of stdout")
    Path output;

    @Option(names = "--force", description = "replace DST if it exists")
    boolean force;

    @Override
    public Integer call() {
        Target target = target();
        TranslationOptions options = TranslationOptions.parse(options());
        TranslationResult result;
        try {
            result = ConfigTranslator.translate(source, target, options);
        } catch (FormatException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException(source + ": " + e.getMessage());
        }
        result.warnings().forEach(w -> System.err.println("warning: " + w));
        if (output == null) {
            System.out.print(result.text());
            System.out.flush();
        } else {
            write(result.text());
            System.err.println("wrote " + output);
        }
        return 0;
    }

    private Target target() {
        return switch (to) {
            case "pve", "proxmox" -> {
                if (powershell) {
                    throw new UsageException("--powershell needs --to hyperv");
                }
                yield Target.PROXMOX;
            }
            case "hyperv" -> powershell ? Target.HYPERV_POWERSHELL : Target.HYPERV_JSON;
            default -> throw new UsageException("--to must be pve or hyperv, not '" + to + "'");
        };
    }

    private Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        if (vmid != null) {
            m.put("vmid", vmid.toString());
        }
        putIfSet(m, "storage", storage);
        putIfSet(m, "format", volumeFormat);
        putIfSet(m, "network_map", networkMap);
        putIfSet(m, "disk_dir", diskDir);
        return m;
    }

    private static void putIfSet(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** Writes {@code text} to a temporary file next to {@code output} and renames it into place. */
    private void write(String text) {
        Path abs = output.toAbsolutePath();
        if (!force && Files.exists(abs)) {
            throw new UsageException(output + ": exists (use --force to replace it)");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JobFailedException(output + ": cannot write: " + e.getMessage());
        } finally {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                // the rename already happened, or the failure is reported above
            }
        }
    }
}
