package io.vmferry.formats.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VMware {@code .vmx} → {@link VmSpec}. Every setting it does not translate, apart from the
 * VMware-internal bookkeeping in {@link #INTERNAL} and absent devices ({@code X.present = "FALSE"}),
 * is reported as a warning.
 */
final class VmxTranslator {
    /** Keys (prefixes) that only matter to VMware itself: identity, bookkeeping, tools, PCI layout. */
    private static final List<String> INTERNAL = List.of(".encoding", "config.version", "virtualhw.", "pcibridge",
            "vmci0.", "tools.", "toolscripts.", "uuid.location", "vc.uuid", "migrate.", "extendedconfigfile", "nvram",
            "cleanshutdown", "softpoweroff", "checkpoint.", "vmotion.", "monitor.phys_bits_used", "numa.autosize",
            "sched.swap.derivedname", "guestos.detailed.data", "guestinfo.", "vmxstats.", "svga.present",
            "hpet0.present", "ctkenabled", "replay.", "floppy0.present", "powertype.", "tools.synctime", "filesearchpath",
            "vm.genid", "vmware.tools.", "sata0.present", "usb.vbluetooth");
    private static final Pattern DISK = Pattern.compile("(scsi|sata|ide|nvme)(\\d+):(\\d+)\\.present");
    private static final Pattern NIC = Pattern.compile("ethernet(\\d+)\\.present");
    private static final Pattern DEVICE_PRESENT = Pattern.compile("([a-z0-9_]+(?::\\d+)?)\\.present");
    private static final List<String> BUS_ORDER = List.of("scsi", "sata", "ide", "nvme");

    private final VmxFile vmx;
    private final TranslationOptions options;
    private final List<String> warnings;
    private final BusAllocator slots = new BusAllocator();

    private VmxTranslator(VmxFile vmx, TranslationOptions options, List<String> warnings) {
        this.vmx = vmx;
        this.options = options;
        this.warnings = warnings;
    }

    static VmSpec translate(VmxFile vmx, TranslationOptions options, List<String> warnings) throws ConfigException {
        return new VmxTranslator(vmx, options, warnings).translate();
    }

    private VmSpec translate() throws ConfigException {
        String name = ProxmoxConf.sanitizeName(vmx.get("displayName", vmx.name().replaceFirst("\\.vmx$", "")));
        long vcpus = vmx.number("numvcpus", 1);
        long perSocket = vmx.number("cpuid.coresPerSocket", 1);
        if (vcpus < 1 || vcpus > 4096 || perSocket < 1) {
            throw new ConfigException(vmx.name() + ": numvcpus " + vcpus + " / cpuid.coresPerSocket " + perSocket + " out of range");
        }
        if (vcpus % perSocket != 0) {
            warnings.add("numvcpus " + vcpus + " is not a multiple of cpuid.coresPerSocket " + perSocket + ": using 1 socket of " + vcpus + " cores");
            perSocket = vcpus;
        }
        long memory = vmx.number("memsize", -1);
        if (memory < 1) {
            throw new ConfigException(vmx.name() + ": memsize missing or not positive");
        }
        boolean uefi = "efi".equalsIgnoreCase(vmx.get("firmware", "bios"));
        boolean secureBoot = vmx.isTrue("uefi.secureBoot.enabled");
        boolean tpm = vmx.isTrue("vtpm.present");
        String guestOs = vmx.get("guestOS", "other");
        String ostype = VmxMappings.ostype(guestOs);
        if (ostype == null) {
            warnings.add("guestOS \"" + guestOs + "\" has no Proxmox equivalent: ostype other");
            ostype = "other";
        }
        List<VmSpec.Disk> disks = disks();
        String scsiHw = scsiHw(disks);
        List<VmSpec.Nic> nics = nics();
        List<String> boot = bootOrder(disks, nics);
        String uuid = smbiosUuid(vmx.get("uuid.bios"));
        reportRest();
        return new VmSpec(name, (int) (vcpus / perSocket), (int) perSocket, memory, null, uefi, secureBoot, tpm, ostype,
                scsiHw, uuid, disks, nics, boot);
    }

    private List<VmSpec.Disk> disks() throws ConfigException {
        List<Matcher> found = new ArrayList<>();
        for (String key : vmx.keys()) {
            Matcher m = DISK.matcher(key);
            if (m.matches()) {
                found.add(m);
            }
        }
        found.sort(Comparator.<Matcher>comparingInt(m -> BUS_ORDER.indexOf(m.group(1)))
                .thenComparingInt(m -> Integer.parseInt(m.group(2))).thenComparingInt(m -> Integer.parseInt(m.group(3))));
        for (String bus : List.of("sata", "nvme")) {
            for (int c = 0; c < 4; c++) {
                vmx.consume(bus + c + ".present");
                vmx.consume(bus + c + ".pciSlotNumber");
            }
        }
        List<VmSpec.Disk> disks = new ArrayList<>();
        for (Matcher m : found) {
            String bus = m.group(1);
            String ctrl = bus + m.group(2);
            String dev = ctrl + ":" + m.group(3);
            if (!vmx.isTrue(dev + ".present") || (!bus.equals("ide") && !vmx.isTrue(ctrl + ".present"))) {
                continue;
            }
            VmSpec.Disk d = disk(bus, dev, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (d != null) {
                disks.add(d);
            }
        }
        return disks;
    }

    private VmSpec.Disk disk(String bus, String dev, int ctrl, int unit) throws ConfigException {
        String type = vmx.get(dev + ".deviceType", "disk").toLowerCase(Locale.ROOT);
        String file = vmx.get(dev + ".fileName");
        vmx.consume(dev + ".redo");
        vmx.consume(dev + ".ctkEnabled");
        boolean cdrom = type.contains("cdrom");
        if (!cdrom && !type.equals("disk") && !type.endsWith("harddisk")) {
            warnings.add(dev + ": deviceType \"" + type + "\" (" + file + ") is not translated");
            return null;
        }
        String mode = vmx.get(dev + ".mode");
        if (mode != null && !mode.equalsIgnoreCase("persistent")) {
            warnings.add(dev + ": disk mode \"" + mode + "\" is not translated (Proxmox disks are persistent)");
        }
        if (cdrom) {
            vmx.consume(dev + ".startConnected");
            vmx.consume(dev + ".autodetect");
            vmx.consume(dev + ".clientDevice");
            if (file != null && type.equals("cdrom-image")) {
                warnings.add(dev + ": CD-ROM image \"" + file + "\" is not carried over; the drive is left empty");
            }
            int idx = bus.equals("ide") ? slots.take(dev, "ide", ctrl * 2 + unit) : slots.next(dev, "ide", 2);
            return new VmSpec.Disk("ide", idx, null, true, 0);
        }
        if (file == null) {
            throw new ConfigException(vmx.name() + ": " + dev + " is present but has no fileName");
        }
        return switch (bus) {
            case "ide" -> new VmSpec.Disk("ide", slots.take(dev, "ide", ctrl * 2 + unit), file, false, 0);
            case "scsi" -> new VmSpec.Disk("scsi", slots.next(dev, "scsi", 0), file, false, 0);
            case "nvme" -> {
                warnings.add(dev + ": Proxmox has no NVMe controller; \"" + file + "\" is attached as SATA");
                yield new VmSpec.Disk("sata", slots.next(dev, "sata", 0), file, false, 0);
            }
            default -> new VmSpec.Disk("sata", slots.next(dev, "sata", 0), file, false, 0);
        };
    }

    private String scsiHw(List<VmSpec.Disk> disks) {
        String chosen = null;
        for (int c = 0; c < 4; c++) {
            String ctrl = "scsi" + c;
            if (!vmx.isTrue(ctrl + ".present")) {
                continue;
            }
            String dev = vmx.get(ctrl + ".virtualDev", "buslogic");
            vmx.consume(ctrl + ".pciSlotNumber");
            vmx.consume(ctrl + ".sasWWID");
            String hw = VmxMappings.scsiHw(dev);
            if (hw == null) {
                warnings.add(ctrl + ".virtualDev \"" + dev + "\" has no Proxmox equivalent: scsihw lsi");
                hw = "lsi";
            } else if (dev.equalsIgnoreCase("buslogic")) {
                warnings.add(ctrl + ": Proxmox has no BusLogic controller: scsihw lsi (the guest needs an LSI driver)");
            }
            if (chosen == null) {
                chosen = hw;
            } else if (!chosen.equals(hw)) {
                warnings.add(ctrl + ": Proxmox has one SCSI controller type per VM; " + dev + " becomes " + chosen);
            }
        }
        return disks.stream().anyMatch(d -> d.bus().equals("scsi")) ? (chosen == null ? "lsi" : chosen) : null;
    }

    private List<VmSpec.Nic> nics() throws ConfigException {
        Map<Integer, String> present = new TreeMap<>();
        for (String key : vmx.keys()) {
            Matcher m = NIC.matcher(key);
            if (m.matches() && vmx.isTrue(key)) {
                present.put(Integer.parseInt(m.group(1)), "ethernet" + m.group(1));
            }
        }
        List<VmSpec.Nic> nics = new ArrayList<>();
        for (String dev : present.values()) {
            String virtualDev = vmx.get(dev + ".virtualDev");
            String model = virtualDev == null ? null : VmxMappings.nicModel(virtualDev);
            if (model == null) {
                warnings.add(dev + ": adapter type \"" + virtualDev + "\" has no Proxmox equivalent: model e1000");
                model = "e1000";
            } else if (VmxMappings.approximateNic(virtualDev)) {
                warnings.add(dev + ": " + virtualDev + " is translated to vmxnet3");
            }
            String addressType = vmx.get(dev + ".addressType", "generated");
            String mac = addressType.equalsIgnoreCase("static") ? vmx.get(dev + ".address") : vmx.get(dev + ".generatedAddress");
            vmx.consume(dev + ".generatedAddressOffset");
            vmx.consume(dev + ".pciSlotNumber");
            vmx.consume(dev + ".uptCompatibility");
            String source = vmx.get(dev + ".networkName");
            String connection = vmx.get(dev + ".connectionType");
            if (source == null) {
                source = connection == null ? "bridged" : connection;
            }
            String network = options.mapNetwork(vmx.name() + ": " + dev, source);
            boolean linkDown = "false".equalsIgnoreCase(vmx.get(dev + ".startConnected"));
            nics.add(new VmSpec.Nic(nics.size(), model, ProxmoxConf.normalizeMac(mac), network, linkDown));
        }
        return nics;
    }

    private List<String> bootOrder(List<VmSpec.Disk> disks, List<VmSpec.Nic> nics) {
        List<String> hdd = new ArrayList<>(disks.stream().filter(d -> !d.cdrom()).map(VmSpec.Disk::id).limit(1).toList());
        List<String> cd = disks.stream().filter(VmSpec.Disk::cdrom).map(VmSpec.Disk::id).toList();
        List<String> net = nics.stream().map(VmSpec.Nic::id).toList();
        String order = vmx.get("bios.bootOrder", "hdd,cdrom,ethernet");
        vmx.consume("bios.hddOrder");
        List<String> boot = new ArrayList<>();
        for (String kind : order.toLowerCase(Locale.ROOT).split(",")) {
            switch (kind.strip()) {
                case "hdd" -> boot.addAll(hdd);
                case "cdrom" -> boot.addAll(cd);
                case "ethernet" -> boot.addAll(net);
                default -> warnings.add("bios.bootOrder entry \"" + kind.strip() + "\" is not translated");
            }
        }
        return boot;
    }

    static String smbiosUuid(String biosUuid) {
        if (biosUuid == null) {
            return null;
        }
        String hex = biosUuid.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{32}")) {
            return null;
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
                + "-" + hex.substring(20);
    }

    /** Control characters escaped, so that every warning is one line. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private void reportRest() {
        List<String> absent = new ArrayList<>();
        for (String key : vmx.keys()) {
            Matcher m = DEVICE_PRESENT.matcher(key);
            if (m.matches() && "false".equalsIgnoreCase(vmx.peek(key))) {
                vmx.consume(key);
                absent.add(m.group(1) + ".");
            }
        }
        for (VmxFile.Entry e : vmx.unconsumed()) {
            String k = e.key().toLowerCase(Locale.ROOT);
            if (INTERNAL.stream().anyMatch(k::startsWith) || absent.stream().anyMatch(k::startsWith)) {
                continue;
            }
            warnings.add("setting " + e.key() + " = \"" + oneLine(e.value()) + "\" (line " + e.line() + ") is not translated");
        }
    }
}
