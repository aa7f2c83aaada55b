package io.vmferry.qemu.qmp;

/**
 * Root of every failure of the QMP and guest-agent clients: an error reply ({@link QmpException}), no reply in
 * time ({@link QmpTimeoutException}) or a lost or broken connection ({@link QmpConnectionException}).
 * These are expected outcomes of talking to a hypervisor, so they carry no stack trace.
 */
public class QmpClientException extends RuntimeException {
    public QmpClientException(String message) {
        super(message, null, false, false);
    }

    public QmpClientException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
