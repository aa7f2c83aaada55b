package io.vmferry.formats.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link VmSpec} → PowerShell that creates the VM on a Hyper-V host: {@code New-VM -Generation},
 * {@code Set-VMProcessor}, {@code Set-VMMemory}, {@code Add-VMHardDiskDrive}, {@code Add-VMDvdDrive},
 * {@code Add-VMNetworkAdapter}, {@code Enable-VMTPM}, and the boot order with {@code Set-VMFirmware}
 * (generation 2) or {@code Set-VMBios} (generation 1).
 */
final class HyperVScript {
    private HyperVScript() {
    }

    static String render(VmSpec vm, TranslationOptions o, List<String> warnings) throws ConfigException {
        List<HyperVLayout.Slot> slots = HyperVLayout.place(vm, o, warnings);
        String name = quote(vm.name());
        int gen = vm.uefi() ? 2 : 1;
        List<String> ps = new ArrayList<>();
        ps.add("# Creates VM " + vm.name() + " (generation " + gen + "). Copy the converted VHDX files to the paths below first.");
        ps.add("$ErrorActionPreference = 'Stop'");
        ps.add("$vm = New-VM -Name " + name + " -Generation " + gen + " -MemoryStartupBytes " + vm.memoryMib() + "MB -NoVHD");
        ps.add("Set-VMProcessor -VM $vm -Count " + (vm.sockets() * vm.cores()));
        if (vm.balloonMib() != null) {
            ps.add("Set-VMMemory -VM $vm -DynamicMemoryEnabled $true -MinimumBytes " + vm.balloonMib() + "MB -StartupBytes "
                    + vm.memoryMib() + "MB -MaximumBytes " + vm.memoryMib() + "MB");
        } else {
            ps.add("Set-VMMemory -VM $vm -DynamicMemoryEnabled $false");
        }
        ps.add("Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter");
        if (gen == 1) {
            ps.add("Get-VMDvdDrive -VM $vm | Remove-VMDvdDrive");
        }
        for (HyperVLayout.Slot s : slots) {
            String where = " -ControllerNumber " + s.controllerNumber() + " -ControllerLocation " + s.location();
            if (s.dvd()) {
                ps.add("Add-VMDvdDrive -VM $vm" + where);
            } else {
                ps.add("Add-VMHardDiskDrive -VM $vm -ControllerType " + s.controllerName() + where + " -Path " + quote(s.path()));
            }
        }
        for (VmSpec.Nic n : vm.nics()) {
            StringBuilder b = new StringBuilder("Add-VMNetworkAdapter -VM $vm -Name ").append(quote(n.id()));
            if (n.linkDown()) {
                warnings.add(n.id() + ": not connected at power-on in the source; added without a switch");
            } else {
                b.append(" -SwitchName ").append(quote(n.network()));
            }
            if (n.mac() != null) {
                b.append(" -StaticMacAddress ").append(quote(HyperVLayout.hyperVMac(n.mac())));
            }
            ps.add(b.toString());
        }
        if (vm.tpm()) {
            if (gen == 1) {
                warnings.add("a virtual TPM needs a generation 2 VM; not added");
            } else {
                ps.add("Set-VMKeyProtector -VM $vm -NewLocalKeyProtector");
                ps.add("Enable-VMTPM -VM $vm");
            }
        }
        ps.add(gen == 2 ? firmware(vm, slots) : bios(vm));
        return String.join("\n", ps) + "\n";
    }

    private static String firmware(VmSpec vm, List<HyperVLayout.Slot> slots) {
        StringBuilder b = new StringBuilder("Set-VMFirmware -VM $vm -EnableSecureBoot ").append(vm.secureBoot() ? "On" : "Off");
        if (vm.secureBoot() && !VmxMappings.windows(vm.ostype())) {
            b.append(" -SecureBootTemplate 'MicrosoftUEFICertificateAuthority'");
        }
        List<String> devices = new ArrayList<>();
        for (String id : vm.bootOrder()) {
            for (HyperVLayout.Slot s : slots) {
                if (s.device().equals(id)) {
                    devices.add("(Get-" + (s.dvd() ? "VMDvdDrive" : "VMHardDiskDrive") + " -VM $vm"
                            + (s.dvd() ? "" : " -ControllerType SCSI") + " -ControllerNumber " + s.controllerNumber()
                            + " -ControllerLocation " + s.location() + ")");
                }
            }
            if (id.startsWith("net")) {
                devices.add("(Get-VMNetworkAdapter -VM $vm -Name " + quote(id) + ")");
            }
        }
        if (!devices.isEmpty()) {
            b.append(" -BootOrder ").append(String.join(", ", devices));
        }
        return b.toString();
    }

    private static String bios(VmSpec vm) {
        List<String> order = new ArrayList<>();
        for (String id : vm.bootOrder()) {
            String kind = id.startsWith("net") ? "LegacyNetworkAdapter"
                    : vm.disks().stream().anyMatch(d -> d.id().equals(id) && d.cdrom()) ? "CD" : "IDE";
            if (!order.contains(kind)) {
                order.add(kind);
            }
        }
        for (String kind : List.of("IDE", "CD", "LegacyNetworkAdapter", "Floppy")) {
            if (!order.contains(kind)) {
                order.add(kind);
            }
        }
        return "Set-VMBios -VM $vm -StartupOrder @(" + String.join(", ", order.stream().map(HyperVScript::quote).toList()) + ")";
    }

    /** A PowerShell single-quoted string literal. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
