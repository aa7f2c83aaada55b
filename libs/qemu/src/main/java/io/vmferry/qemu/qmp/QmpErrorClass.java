package io.vmferry.qemu.qmp;

/**
 * The {@code class} member of a QMP or guest-agent error reply. QEMU 7.2 uses only these; anything else maps to
 * {@link #UNKNOWN} (the raw text stays available on {@link QmpException#className()}).
 */
public enum QmpErrorClass {
    /** Almost every error: the {@code desc} says what went wrong. */
    GENERIC_ERROR("GenericError"),
    /** Unknown command, or (guest agent) a command disabled with {@code --block-rpcs}. */
    COMMAND_NOT_FOUND("CommandNotFound"),
    DEVICE_NOT_ACTIVE("DeviceNotActive"),
    DEVICE_NOT_FOUND("DeviceNotFound"),
    KVM_MISSING_CAP("KVMMissingCap"),
    UNKNOWN("");

    private final String code;

    QmpErrorClass(String code) {
        this.code = code;
    }

    /** The class name on the wire, e.g. {@code GenericError}; empty for {@link #UNKNOWN}. */
    public String code() {
        return code;
    }

    /** Maps a wire class name; never null. */
    public static QmpErrorClass of(String code) {
        for (QmpErrorClass c : values()) {
            if (c != UNKNOWN && c.code.equals(code)) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
