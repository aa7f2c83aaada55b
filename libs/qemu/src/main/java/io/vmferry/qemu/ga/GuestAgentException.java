package io.vmferry.qemu.ga;

import io.vmferry.qemu.qmp.QmpException;

/**
 * The guest agent answered with an error, e.g. {@code {"class": "CommandNotFound", "desc": "Command
 * guest-fsfreeze-freeze has been disabled"}}. Same wire form as QMP errors, hence the supertype.
 */
public class GuestAgentException extends QmpException {
    public GuestAgentException(String command, String className, String desc) {
        super(command, className, desc);
    }
}
