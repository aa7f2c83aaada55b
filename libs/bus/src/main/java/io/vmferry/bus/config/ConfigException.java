package io.vmferry.bus.config;

/** A configuration problem; the message is one line naming the file, key or value and the reason. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
