package io.vmferry.qemu.ga;

/** {@code guest-fsfreeze-status}: whether the guest's file systems are frozen. */
public enum FsFreezeStatus {
    THAWED("thawed"),
    FROZEN("frozen");

    private final String code;

    FsFreezeStatus(String code) {
        this.code = code;
    }

    /** The wire value. */
    public String code() {
        return code;
    }

    /** Maps the wire value; throws {@link IllegalArgumentException} for anything else. */
    public static FsFreezeStatus of(String code) {
        for (FsFreezeStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown fsfreeze status: " + code);
    }
}
