package io.vmferry.qemu.qmp;

/**
 * The peer answered a command with an error, e.g. {@code {"class": "GenericError", "desc": "Granularity must be
 * power of 2 and at least 512"}}. The connection stays usable.
 */
public class QmpException extends QmpClientException {
    private final String command;
    private final String className;
    private final String desc;

    public QmpException(String command, String className, String desc) {
        super(command + ": " + className + ": " + desc);
        this.command = command;
        this.className = className;
        this.desc = desc;
    }

    /** The command that failed, e.g. {@code block-dirty-bitmap-add}. */
    public String command() {
        return command;
    }

    /** The error class as sent, e.g. {@code GenericError}. */
    public String className() {
        return className;
    }

    /** The error class as an enum. */
    public QmpErrorClass errorClass() {
        return QmpErrorClass.of(className);
    }

    /** The human-readable description, as QEMU sent it. */
    public String desc() {
        return desc;
    }
}
