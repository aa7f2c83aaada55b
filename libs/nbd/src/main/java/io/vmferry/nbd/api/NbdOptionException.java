package io.vmferry.nbd.api;

/**
 * The server refused an option during the handshake, e.g. {@link NbdOptionError#UNKNOWN} for an
 * export name it does not have.
 */
public class NbdOptionException extends NbdException {

    private final String option;
    private final NbdOptionError error;

    public NbdOptionException(String option, NbdOptionError error, String serverMessage) {
        super(option + " refused: " + error.name()
                + (serverMessage == null || serverMessage.isEmpty() ? "" : ": " + serverMessage));
        this.option = option;
        this.error = error;
    }

    /** Option name, e.g. {@code NBD_OPT_GO}. */
    public String option() {
        return option;
    }

    public NbdOptionError error() {
        return error;
    }
}
