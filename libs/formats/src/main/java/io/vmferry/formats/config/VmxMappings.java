package io.vmferry.formats.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * VMware → Proxmox value tables.
 *
 * <pre>
 * guestOS (VMware)                                   ostype (Proxmox)
 * windows11-64, windows2019srvnext-64 (2022),        win11  (Windows 11 / 2022 / 2025)
 *   windows2022srvnext-64 (2025)
 * windows9*, windows9srv-64 (2016), windows2019srv*  win10  (Windows 10 / 2016 / 2019)
 * windows8*, windows8srv-64 (2012, 2012 R2)          win8
 * windows7*, windows7srv-64 (2008 R2)                win7
 * winvista*, winlonghorn*                            w2k8
 * winnet* (2003)                                     w2k3
 * winxp*                                             wxp
 * win2000*                                           w2k
 * ubuntu, debian, rhel, centos, sles, oracle, ...,   l26
 *   other3x/4x/5x/6xlinux, otherlinux
 * other24xlinux, other26xlinux                       l24 / l26
 * solaris*                                           solaris
 * anything else                                      other (with a warning)
 *
 * scsiN.virtualDev       scsihw         ethernetN.virtualDev   net model
 * lsilogic               lsi            e1000                  e1000
 * lsisas1068             lsi            e1000e                 e1000e
 * pvscsi                 pvscsi         vmxnet3                vmxnet3
 * buslogic               lsi (warning)  vlance                 pcnet
 *                                       vmxnet, vmxnet2        vmxnet3 (warning)
 * </pre>
 */
final class VmxMappings {
    private static final List<Map.Entry<String, String>> GUEST_OS = List.of(
            Map.entry("windows11", "win11"), Map.entry("windows2019srvnext", "win11"), Map.entry("windows2022srvnext", "win11"),
            Map.entry("windows12", "win11"),
            Map.entry("windows2019srv", "win10"), Map.entry("windows9", "win10"),
            Map.entry("windows8", "win8"), Map.entry("windows7", "win7"),
            Map.entry("winvista", "w2k8"), Map.entry("winlonghorn", "w2k8"),
            Map.entry("winnet", "w2k3"), Map.entry("winxp", "wxp"), Map.entry("win2000", "w2k"),
            Map.entry("other24xlinux", "l24"), Map.entry("solaris", "solaris"));
    private static final List<String> LINUX = List.of("ubuntu", "debian", "rhel", "centos", "sles", "oraclelinux",
            "oracle", "almalinux", "rockylinux", "fedora", "opensuse", "suse", "mandriva", "mandrake", "turbolinux",
            "redhat", "asianux", "coreos", "photon", "amazonlinux", "vmware-photon", "linux", "other26xlinux",
            "other3xlinux", "other4xlinux", "other5xlinux", "other6xlinux", "otherlinux", "crxpod", "crxsys");

    private VmxMappings() {
    }

    /** Proxmox ostype for a VMware guestOS; null when unknown. */
    static String ostype(String guestOs) {
        String g = guestOs.toLowerCase(Locale.ROOT).replace("-64", "");
        for (Map.Entry<String, String> e : GUEST_OS) {
            if (g.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        for (String l : LINUX) {
            if (g.startsWith(l)) {
                return "l26";
            }
        }
        return null;
    }

    /** Proxmox scsihw for a VMware SCSI controller type; null when unknown. */
    static String scsiHw(String virtualDev) {
        return switch (virtualDev.toLowerCase(Locale.ROOT)) {
            case "lsilogic", "lsisas1068", "buslogic" -> "lsi";
            case "pvscsi" -> "pvscsi";
            default -> null;
        };
    }

    /** Proxmox NIC model for a VMware adapter type; null when unknown. */
    static String nicModel(String virtualDev) {
        return switch (virtualDev.toLowerCase(Locale.ROOT)) {
            case "e1000" -> "e1000";
            case "e1000e" -> "e1000e";
            case "vmxnet3", "vmxnet", "vmxnet2" -> "vmxnet3";
            case "vlance" -> "pcnet";
            default -> null;
        };
    }

    /** True for models translated only approximately. */
    static boolean approximateNic(String virtualDev) {
        return virtualDev.equalsIgnoreCase("vmxnet") || virtualDev.equalsIgnoreCase("vmxnet2");
    }

    /** True for a Windows ostype. */
    static boolean windows(String ostype) {
        return ostype.startsWith("w");
    }
}
