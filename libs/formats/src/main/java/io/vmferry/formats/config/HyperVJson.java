package io.vmferry.formats.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link VmSpec} → a Hyper-V VM description with the property names of {@code Get-VM |
 * ConvertTo-Json} (Microsoft.HyperV.PowerShell.VirtualMachine):
 *
 * <pre>
 * Name, Generation (1 BIOS, 2 UEFI), ProcessorCount, MemoryStartup / MemoryMinimum / MemoryMaximum (bytes),
 * DynamicMemoryEnabled,
 * HardDrives[]      Name, VMName, ControllerType (0 IDE, 1 SCSI), ControllerNumber, ControllerLocation, Path
 * DVDDrives[]       same, Path null
 * NetworkAdapters[] Name, VMName, SwitchName, MacAddress (12 hex digits), DynamicMacAddressEnabled, Connected
 * </pre>
 * What Get-VM does not show (firmware, TPM, guest OS) goes under {@code VmferryExtensions}:
 * {@code OsType}, {@code SecureBoot}, {@code TpmEnabled}, {@code BootOrder} (drive and adapter {@code Name}s). Reading is {@link HyperVJsonParser}.
 */
final class HyperVJson {
    static final String EXTENSIONS = "VmferryExtensions";
    private static final long MIB = 1L << 20;

    private HyperVJson() {
    }

    static String render(VmSpec vm, TranslationOptions o, List<String> warnings) throws ConfigException {
        List<HyperVLayout.Slot> slots = HyperVLayout.place(vm, o, warnings);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Name", vm.name());
        json.put("Generation", vm.uefi() ? 2L : 1L);
        json.put("ProcessorCount", (long) vm.sockets() * vm.cores());
        json.put("MemoryStartup", vm.memoryMib() * MIB);
        json.put("DynamicMemoryEnabled", vm.balloonMib() != null);
        json.put("MemoryMinimum", (vm.balloonMib() != null ? vm.balloonMib() : vm.memoryMib()) * MIB);
        json.put("MemoryMaximum", vm.memoryMib() * MIB);
        List<Object> drives = new ArrayList<>();
        List<Object> dvds = new ArrayList<>();
        for (HyperVLayout.Slot s : slots) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("Name", slotName(s));
            d.put("VMName", vm.name());
            d.put("ControllerType", (long) s.controllerType());
            d.put("ControllerNumber", (long) s.controllerNumber());
            d.put("ControllerLocation", (long) s.location());
            d.put("Path", s.path());
            (s.dvd() ? dvds : drives).add(d);
        }
        json.put("HardDrives", drives);
        json.put("DVDDrives", dvds);
        List<Object> nics = new ArrayList<>();
        for (VmSpec.Nic n : vm.nics()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("Name", n.id());
            a.put("VMName", vm.name());
            a.put("SwitchName", n.linkDown() ? null : n.network());
            a.put("MacAddress", n.mac() == null ? "000000000000" : HyperVLayout.hyperVMac(n.mac()));
            a.put("DynamicMacAddressEnabled", n.mac() == null);
            a.put("Connected", !n.linkDown());
            nics.add(a);
        }
        json.put("NetworkAdapters", nics);
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("OsType", vm.ostype());
        ext.put("SecureBoot", vm.secureBoot());
        ext.put("TpmEnabled", vm.tpm());
        List<Object> boot = new ArrayList<>();
        for (String id : vm.bootOrder()) {
            slots.stream().filter(s -> s.device().equals(id)).findFirst().ifPresent(s -> boot.add(slotName(s)));
            vm.nics().stream().filter(n -> n.id().equals(id) && !n.linkDown()).findFirst().ifPresent(n -> boot.add(n.id()));
        }
        ext.put("BootOrder", boot);
        json.put(EXTENSIONS, ext);
        if (vm.smbiosUuid() != null) {
            warnings.add("the BIOS UUID " + vm.smbiosUuid() + " cannot be set on Hyper-V; the guest sees a new one");
        }
        return Json.write(json);
    }

    /** The drive name Hyper-V gives a slot, e.g. {@code Hard Drive on SCSI controller number 0 at location 1}. */
    static String slotName(HyperVLayout.Slot s) {
        return s.drivePrefix() + " on " + s.controllerName() + " controller number " + s.controllerNumber() + " at location " + s.location();
    }
}
