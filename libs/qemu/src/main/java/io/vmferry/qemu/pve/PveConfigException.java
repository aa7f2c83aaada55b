package io.vmferry.qemu.pve;

/** A Proxmox configuration file that cannot be used; the message names the file, line and reason. */
public final class PveConfigException extends RuntimeException {
    public PveConfigException(String message) {
        super(message, null, false, false);
    }
}
