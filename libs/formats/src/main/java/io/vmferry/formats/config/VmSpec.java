package io.vmferry.formats.config;

import java.util.List;

/**
 * Hypervisor-neutral VM model that every translation goes through, in Proxmox terms (buses
 * {@code ide/sata/scsi/virtio}, OS types {@code win11/l26/...}, NIC models {@code e1000/vmxnet3/...}).
 *
 * @param name        VM name
 * @param sockets     CPU sockets
 * @param cores       cores per socket
 * @param memoryMib   memory at start, MiB
 * @param balloonMib  minimum memory with ballooning/dynamic memory, or null when memory is static
 * @param uefi        UEFI firmware (OVMF, Hyper-V generation 2) instead of BIOS
 * @param secureBoot  UEFI secure boot enabled
 * @param tpm         a virtual TPM 2.0 is present
 * @param ostype      Proxmox ostype
 * @param scsiHw      Proxmox scsihw, or null without SCSI disks
 * @param smbiosUuid  the BIOS UUID to keep (Windows activation), or null
 * @param disks       disks and CD-ROMs
 * @param nics        network adapters
 * @param bootOrder   device ids ({@code scsi0}, {@code ide2}, {@code net0}) in boot order
 */
record VmSpec(String name, int sockets, int cores, long memoryMib, Long balloonMib, boolean uefi, boolean secureBoot,
              boolean tpm, String ostype, String scsiHw, String smbiosUuid, List<Disk> disks, List<Nic> nics,
              List<String> bootOrder) {

    VmSpec {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
        bootOrder = List.copyOf(bootOrder);
    }

    /**
     * A disk or CD-ROM on a Proxmox bus.
     *
     * @param bus    ide, sata, scsi or virtio
     * @param index  index on the bus ({@code scsi0})
     * @param source the disk in the source configuration (file name, volume or path), null for an empty CD-ROM
     * @param cdrom  true for a CD/DVD drive
     * @param sizeBytes size when the source states it, else 0
     */
    record Disk(String bus, int index, String source, boolean cdrom, long sizeBytes) {
        String id() {
            return bus + index;
        }
    }

    /**
     * A network adapter.
     *
     * @param index   Proxmox {@code netN} index
     * @param model   Proxmox model: e1000, e1000e, vmxnet3, virtio, rtl8139, pcnet
     * @param mac     MAC as {@code AA:BB:CC:DD:EE:FF}, or null for a new one
     * @param network target bridge or switch name (already mapped)
     * @param linkDown not connected at power on
     */
    record Nic(int index, String model, String mac, String network, boolean linkDown) {
        String id() {
            return "net" + index;
        }
    }

    /** Data disks (CD-ROMs excluded) in bus order. */
    List<Disk> dataDisks() {
        return disks.stream().filter(d -> !d.cdrom()).toList();
    }
}
