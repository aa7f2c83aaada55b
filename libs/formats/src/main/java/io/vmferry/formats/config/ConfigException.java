package io.vmferry.formats.config;

import io.vmferry.formats.api.FormatException;

/** A VM configuration that cannot be translated: one line naming the file or setting and the reason. */
public class ConfigException extends FormatException {
    public ConfigException(String message) {
        super(message);
    }
}
