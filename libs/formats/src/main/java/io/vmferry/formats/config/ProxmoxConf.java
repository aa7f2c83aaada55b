package io.vmferry.formats.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link VmSpec} as a Proxmox VE {@code <vmid>.conf} (qemu-server syntax: {@code key: value}
 * lines, sorted by key as qemu-server writes them). Reading is {@link ProxmoxConfParser}.
 *
 * <pre>
 * bios: ovmf | seabios              efidisk0: VOL,efitype=4m,pre-enrolled-keys=0|1,size=4M (UEFI only)
 * boot: order=scsi0;ide2;net0       machine: q35 (UEFI only)
 * cores / sockets / memory (MiB)    balloon: MiB (dynamic memory only)
 * scsiN / sataN / ideN: VOL         ideN: none,media=cdrom
 * netN: MODEL=MAC,bridge=BR         scsihw / ostype / name / smbios1: uuid=...
 * tpmstate0: VOL,size=4M,version=v2.0
 * </pre>
 * Volumes are numbered in disk order, then the EFI vars disk, then the TPM state (see
 * {@link TranslationOptions#volume}).
 */
final class ProxmoxConf {
    private ProxmoxConf() {
    }

    static String render(VmSpec vm, TranslationOptions o) {
        Map<String, String> conf = new TreeMap<>();
        conf.put("name", vm.name());
        conf.put("cores", Integer.toString(vm.cores()));
        conf.put("sockets", Integer.toString(vm.sockets()));
        conf.put("memory", Long.toString(vm.memoryMib()));
        if (vm.balloonMib() != null) {
            conf.put("balloon", Long.toString(vm.balloonMib()));
        }
        conf.put("ostype", vm.ostype());
        conf.put("bios", vm.uefi() ? "ovmf" : "seabios");
        int volumes = 0;
        for (VmSpec.Disk d : vm.disks()) {
            if (d.cdrom()) {
                conf.put(d.id(), "none,media=cdrom");
            } else {
                conf.put(d.id(), o.volume(volumes++) + (d.sizeBytes() > 0 ? ",size=" + size(d.sizeBytes()) : ""));
            }
        }
        if (vm.uefi()) {
            conf.put("machine", "q35");
            conf.put("efidisk0", o.volume(volumes++) + ",efitype=4m,pre-enrolled-keys=" + (vm.secureBoot() ? 1 : 0) + ",size=4M");
        }
        if (vm.tpm()) {
            conf.put("tpmstate0", o.volume(volumes) + ",size=4M,version=v2.0");
        }
        if (vm.scsiHw() != null) {
            conf.put("scsihw", vm.scsiHw());
        }
        for (VmSpec.Nic n : vm.nics()) {
            conf.put(n.id(), n.model() + (n.mac() == null ? "" : "=" + n.mac()) + ",bridge=" + n.network()
                    + (n.linkDown() ? ",link_down=1" : ""));
        }
        if (!vm.bootOrder().isEmpty()) {
            conf.put("boot", "order=" + String.join(";", vm.bootOrder()));
        }
        if (vm.smbiosUuid() != null) {
            conf.put("smbios1", "uuid=" + vm.smbiosUuid());
        }
        StringBuilder b = new StringBuilder();
        conf.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    /** Proxmox size notation: whole GiB as {@code 32G}, else MiB or bytes. */
    static String size(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + "M" : Long.toString(bytes);
    }

    /** A name Proxmox accepts (a DNS name): other characters become '-'. */
    static String sanitizeName(String name) {
        String n = name.replaceAll("[^A-Za-z0-9.\\-]+", "-").replaceAll("-{2,}", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (n.length() > 63) {
            n = n.substring(0, 63).replaceAll("[-.]+$", "");
        }
        return n.isEmpty() ? "vm" : n;
    }

    /** {@code AA:BB:CC:DD:EE:FF} from colon, dash or bare hex notation; null when absent or malformed. */
    static String normalizeMac(String mac) {
        if (mac == null) {
            return null;
        }
        String hex = mac.replaceAll("[:\\-.\\s]", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{12}") || hex.equals("000000000000")) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return b.toString();
    }

    /** Parses {@code a=1,b=2} option lists (a bare first token is returned under the key ""). */
    static Map<String, String> options(String value) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        List<String> parts = List.of(value.split(","));
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i).strip();
            int eq = p.indexOf('=');
            if (i == 0 && (eq < 0 || !p.substring(0, eq).matches("[a-z0-9\\-_]+"))) {
                m.put("", p);
            } else if (eq > 0) {
                m.put(p.substring(0, eq), p.substring(eq + 1));
            } else {
                m.put(p, "");
            }
        }
        return m;
    }
}
