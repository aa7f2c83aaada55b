package io.vmferry.bridge.bacula;

/** A plugin parameter string is invalid: unknown or conflicting key, bad value, bpipe separator in a value. */
public class PluginParamException extends BaculaException {
    private static final long serialVersionUID = 1L;

    /** A one-line reason, e.g. {@code unknown plugin parameter 'vmid' (known: ...)}. */
    public PluginParamException(String message) {
        super(message);
    }
}
