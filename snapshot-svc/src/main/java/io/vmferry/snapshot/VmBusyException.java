package io.vmferry.snapshot;

/** A snapshot refused because another process holds one of the same VM (the message says which). */
public final class VmBusyException extends IllegalStateException {
    public VmBusyException(String message) {
        super(message);
    }
}
