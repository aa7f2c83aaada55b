package io.vmferry.formats.config;

/** What {@link ConfigTranslator} produces. */
public enum Target {
    /** A Proxmox VE {@code <vmid>.conf} (qemu-server syntax). */
    PROXMOX,
    /** A Hyper-V VM description shaped like {@code Get-VM | ConvertTo-Json}. */
    HYPERV_JSON,
    /** A PowerShell script that creates the VM on a Hyper-V host. */
    HYPERV_POWERSHELL
}
