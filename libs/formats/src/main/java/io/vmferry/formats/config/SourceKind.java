package io.vmferry.formats.config;

/** The kinds of VM configuration {@link ConfigTranslator} reads. */
public enum SourceKind {
    /** VMware {@code .vmx}. */
    VMX,
    /** Proxmox VE {@code <vmid>.conf}. */
    PROXMOX,
    /** Hyper-V {@code Get-VM | ConvertTo-Json}. */
    HYPERV_JSON;

    /**
     * Detects the kind from the file name's extension, else from the content: a JSON object is
     * Hyper-V, {@code key = "value"} lines with VMware keys are a .vmx, {@code key: value} lines a
     * Proxmox conf.
     */
    public static SourceKind detect(String fileName, String text) throws ConfigException {
        String lower = fileName == null ? "" : fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".vmx")) {
            return VMX;
        }
        if (lower.endsWith(".json")) {
            return HYPERV_JSON;
        }
        if (lower.endsWith(".conf")) {
            return PROXMOX;
        }
        String t = text.strip();
        if (t.startsWith("{")) {
            return HYPERV_JSON;
        }
        if (t.contains("config.version") || t.contains("virtualHW.version") || t.matches("(?s).*\\bguestOS\\s*=.*")) {
            return VMX;
        }
        if (t.matches("(?s).*(^|\\n)(memory|cores|name|bios|ostype|scsihw|boot): .*")) {
            return PROXMOX;
        }
        throw new ConfigException((fileName == null ? "input" : fileName)
                + ": cannot tell the configuration kind (expected .vmx, Proxmox .conf or Hyper-V JSON)");
    }
}
