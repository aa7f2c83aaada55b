package io.vmferry.testkit.qemu;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Describes a lab VM: {@code lab.vm(201).name("web1").disk("scsi0", "1G", "qcow2").cdrom("ide2").start()}.
 * {@link #create()} writes the config and images only (a stopped VM); {@link #start()} also runs QEMU.
 */
public final class LabVmBuilder {
    private static final Pattern SLOT = Pattern.compile("(scsi|virtio|sata|ide)\\d{1,2}");

    private final QemuLab lab;
    private final int vmid;
    private String name;
    private int cores = 1;
    private int memoryMb = 512;
    private final List<LabDisk> disks = new ArrayList<>();
    private final List<String> cdroms = new ArrayList<>();
    private boolean net = true;
    private GuestAgentMode agent = GuestAgentMode.NONE;
    private String description;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> snapshots = new ArrayList<>();

    LabVmBuilder(QemuLab lab, int vmid) {
        if (vmid < 100 || vmid > 999_999_999) {
            throw new IllegalArgumentException("Proxmox VMIDs are 100..999999999: " + vmid);
        }
        this.lab = lab;
        this.vmid = vmid;
        this.name = "vm" + vmid;
    }

    /** {@code name:} (default {@code vm<vmid>}). */
    public LabVmBuilder name(String value) {
        this.name = value;
        return this;
    }

    /** {@code cores:} (default 1). */
    public LabVmBuilder cores(int value) {
        this.cores = value;
        return this;
    }

    /** {@code memory:} in MiB (default 512). */
    public LabVmBuilder memory(int mib) {
        this.memoryMb = mib;
        return this;
    }

    /** A qcow2 disk; see {@link #disk(String, String, String)}. */
    public LabVmBuilder disk(String slot, String size) {
        return disk(slot, size, "qcow2");
    }

    /**
     * A disk in slot {@code slot} ({@code scsi0}, {@code virtio1}, {@code sata0}, {@code ide0}) of {@code size}
     * ({@code 64M}, {@code 1G}) and format {@code qcow2} (v3, so persistent bitmaps work) or {@code raw}, stored as
     * {@code <storage>/images/<vmid>/vm-<vmid>-disk-N.<format>} with N counting disks in the order added.
     */
    public LabVmBuilder disk(String slot, String size, String format) {
        requireFreeSlot(slot);
        if (!format.equals("qcow2") && !format.equals("raw")) {
            throw new IllegalArgumentException("format must be qcow2 or raw: " + format);
        }
        int index = disks.size();
        String file = "vm-" + vmid + "-disk-" + index + "." + format;
        disks.add(new LabDisk(slot, index, format, size, LabDisk.parseSize(size),
                lab.storagePath().resolve("images").resolve(Integer.toString(vmid)).resolve(file),
                "local:" + vmid + "/" + file));
        return this;
    }

    /** An empty CD-ROM drive, {@code <slot>: none,media=cdrom} (e.g. {@code ide2}). */
    public LabVmBuilder cdrom(String slot) {
        requireFreeSlot(slot);
        cdroms.add(slot);
        return this;
    }

    /** Leaves out {@code net0}. */
    public LabVmBuilder noNet() {
        this.net = false;
        return this;
    }

    /** What answers on {@code <vmid>.qga} (default {@link GuestAgentMode#NONE}). */
    public LabVmBuilder agent(GuestAgentMode mode) {
        this.agent = mode;
        return this;
    }

    /** The description, written as {@code #} comment lines at the top of the config. */
    public LabVmBuilder description(String text) {
        this.description = text;
        return this;
    }

    /** Adds or overrides a config line, e.g. {@code option("lock", "backup")}. */
    public LabVmBuilder option(String key, String value) {
        options.put(key, value);
        return this;
    }

    /** Adds a {@code [name]} snapshot section (config only; no image snapshot is taken). */
    public LabVmBuilder snapshot(String snapshotName) {
        snapshots.add(snapshotName);
        return this;
    }

    /** Writes the config and creates the images: a stopped VM. */
    public LabVm create() {
        LabVmSpec spec = new LabVmSpec(vmid, name, cores, memoryMb, List.copyOf(disks), List.copyOf(cdroms), net,
                agent, description, Map.copyOf(options), List.copyOf(snapshots), Instant.now().getEpochSecond());
        return lab.register(spec);
    }

    /** {@link #create()}, then starts QEMU and waits until its monitors answer. */
    public LabVm start() {
        return create().start();
    }

    private void requireFreeSlot(String slot) {
        if (!SLOT.matcher(slot).matches()) {
            throw new IllegalArgumentException("not a disk slot: " + slot);
        }
        if (cdroms.contains(slot) || disks.stream().anyMatch(d -> d.slot().equals(slot))) {
            throw new IllegalArgumentException("slot used twice: " + slot);
        }
    }
}
