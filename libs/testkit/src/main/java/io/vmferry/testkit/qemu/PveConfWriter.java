package io.vmferry.testkit.qemu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Renders a lab VM as Proxmox writes {@code /etc/pve/qemu-server/<vmid>.conf}: the description as {@code #} comment
 * lines, then {@code key: value} lines sorted by key, then one {@code [snapshot]} section per snapshot. Example:
 * <pre>
 * agent: 1
 * boot: order=scsi0;ide2;net0
 * cores: 2
 * ide2: none,media=cdrom
 * memory: 2048
 * name: web1
 * net0: virtio=BC:24:11:00:C9:01,bridge=vmbr0,firewall=1
 * scsi0: local:201/vm-201-disk-0.qcow2,iothread=1,size=1G
 * scsihw: virtio-scsi-single
 * ...
 * </pre>
 */
final class PveConfWriter {
    private PveConfWriter() {
    }

    static String render(LabVmSpec spec) {
        StringBuilder out = new StringBuilder();
        if (spec.description() != null) {
            spec.description().lines().forEach(l -> out.append('#').append(l).append('\n'));
        }
        Map<String, String> current = keys(spec);
        List<String> snaps = spec.snapshots();
        if (!snaps.isEmpty()) {
            current.put("parent", snaps.get(snaps.size() - 1));
        }
        append(out, current);
        for (int i = 0; i < snaps.size(); i++) {
            Map<String, String> section = keys(spec);
            if (i > 0) {
                section.put("parent", snaps.get(i - 1));
            }
            section.put("snaptime", Long.toString(spec.ctime() + 60L * (i + 1)));
            out.append('\n').append('[').append(snaps.get(i)).append("]\n");
            append(out, section);
        }
        return out.toString();
    }

    private static Map<String, String> keys(LabVmSpec spec) {
        Map<String, String> k = new TreeMap<>();
        if (spec.agent() != GuestAgentMode.NONE) {
            k.put("agent", "1");
        }
        List<String> boot = new ArrayList<>();
        if (!spec.disks().isEmpty()) {
            boot.add(spec.disks().get(0).slot());
        }
        boot.addAll(spec.cdroms());
        if (spec.net()) {
            boot.add("net0");
            k.put("net0", "virtio=" + mac(spec.vmid()) + ",bridge=vmbr0,firewall=1");
        }
        k.put("boot", "order=" + String.join(";", boot));
        k.put("cores", Integer.toString(spec.cores()));
        k.put("cpu", "x86-64-v2-AES");
        k.put("memory", Integer.toString(spec.memoryMb()));
        k.put("meta", "creation-qemu=7.2.0,ctime=" + spec.ctime());
        k.put("name", spec.name());
        k.put("numa", "0");
        k.put("ostype", "l26");
        k.put("scsihw", "virtio-scsi-single");
        k.put("smbios1", "uuid=" + uuid(spec.vmid(), "smbios"));
        k.put("sockets", "1");
        k.put("vmgenid", uuid(spec.vmid(), "vmgenid").toString());
        for (String cdrom : spec.cdroms()) {
            k.put(cdrom, "none,media=cdrom");
        }
        for (LabDisk d : spec.disks()) {
            boolean iothread = d.slot().startsWith("scsi") || d.slot().startsWith("virtio");
            k.put(d.slot(), d.volumeId() + (iothread ? ",iothread=1" : "") + ",size=" + d.size());
        }
        k.putAll(spec.options());
        return k;
    }

    private static void append(StringBuilder out, Map<String, String> keys) {
        keys.forEach((key, value) -> out.append(key).append(": ").append(value).append('\n'));
    }

    /** A stable MAC in Proxmox's OUI {@code BC:24:11}. */
    static String mac(int vmid) {
        return String.format(Locale.ROOT, "BC:24:11:%02X:%02X:%02X", (vmid >> 16) & 0xff, (vmid >> 8) & 0xff, vmid & 0xff);
    }

    private static UUID uuid(int vmid, String what) {
        return UUID.nameUUIDFromBytes((what + "/" + vmid).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
