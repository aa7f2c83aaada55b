package io.vmferry.formats.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each disk and DVD drive of a {@link VmSpec} goes on a Hyper-V VM. Generation 2 (UEFI) has
 * only SCSI controllers: data disks first, then DVD drives, on SCSI 0. Generation 1 (BIOS) boots
 * only from IDE: the first two disks take IDE 0:0 and 0:1, DVD drives IDE 1:0 and 1:1, further
 * disks SCSI 0. {@code ControllerType} is 0 for IDE and 1 for SCSI, as ConvertTo-Json prints it.
 */
final class HyperVLayout {
    static final int IDE = 0;
    static final int SCSI = 1;
    private static final int SCSI_LOCATIONS = 64;

    /** One drive: the VmSpec device id, Hyper-V controller, and VHDX path (null for a DVD). */
    record Slot(String device, boolean dvd, int controllerType, int controllerNumber, int location, String path) {
        String controllerName() {
            return controllerType == IDE ? "IDE" : "SCSI";
        }

        String drivePrefix() {
            return dvd ? "DVD Drive" : "Hard Drive";
        }
    }

    private HyperVLayout() {
    }

    static List<Slot> place(VmSpec vm, TranslationOptions o, List<String> warnings) throws ConfigException {
        List<Slot> slots = new ArrayList<>();
        int disk = 0;
        int ide = 0;
        int scsi = 0;
        for (VmSpec.Disk d : vm.dataDisks()) {
            String path = o.diskDir() + "\\" + vm.name() + "-disk-" + disk++ + ".vhdx";
            if (!vm.uefi() && ide < 2) {
                slots.add(new Slot(d.id(), false, IDE, 0, ide++, path));
            } else {
                slots.add(scsiSlot(d.id(), false, scsi++, path));
            }
        }
        int dvdIde = 0;
        for (VmSpec.Disk d : vm.disks()) {
            if (!d.cdrom()) {
                continue;
            }
            if (vm.uefi()) {
                slots.add(scsiSlot(d.id(), true, scsi++, null));
            } else if (dvdIde < 2) {
                slots.add(new Slot(d.id(), true, IDE, 1, dvdIde++, null));
            } else {
                warnings.add(d.id() + ": a generation 1 VM has room for two DVD drives only; not added");
            }
        }
        return slots;
    }

    private static Slot scsiSlot(String device, boolean dvd, int n, String path) throws ConfigException {
        if (n >= 4 * SCSI_LOCATIONS) {
            throw new ConfigException(device + ": Hyper-V has 4 SCSI controllers of 64 locations");
        }
        return new Slot(device, dvd, SCSI, n / SCSI_LOCATIONS, n % SCSI_LOCATIONS, path);
    }

    /** {@code 005056AABBCC} form of a MAC, as Hyper-V prints and takes it. */
    static String hyperVMac(String mac) {
        return mac == null ? null : mac.replace(":", "");
    }
}
