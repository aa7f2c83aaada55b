package io.vmferry.reader;

import io.vmferry.nbd.api.NbdException;
import io.vmferry.stream.api.PkiException;
import io.vmferry.stream.api.StreamAuthException;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.api.StreamRejectedException;
import io.vmferry.stream.api.StreamTransportException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Turns a transfer failure into a one-line message naming the disk and the kind of failure. */
final class ReadFailures {

    private ReadFailures() {
    }

    /** The failure of {@code disk} as a {@link DiskReadException} (kept as it is when it already is one). */
    static DiskReadException of(String disk, Throwable cause) {
        if (cause instanceof DiskReadException d) {
            return d;
        }
        Throwable origin = origin(cause);
        return new DiskReadException(disk, "disk " + disk + ": " + describe(origin), cause,
                origin instanceof TransferCancelledException);
    }

    /**
     * The failure that started it: the sender wraps a failing source (NBD) into a transport error,
     * so an NBD, read-timeout or cancellation cause anywhere in the chain wins.
     */
    static Throwable origin(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof NbdException || c instanceof ReadTimeoutException || c instanceof TransferCancelledException) {
                return c;
            }
        }
        return e;
    }

    /** Kind and first line of the message. */
    static String describe(Throwable e) {
        String text = firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
        String kind;
        if (e instanceof TransferCancelledException) {
            kind = "cancelled";
        } else if (e instanceof ReadTimeoutException || e instanceof TimeoutException) {
            kind = "timeout";
        } else if (e instanceof NbdException) {
            kind = "NBD error";
        } else if (e instanceof StreamAuthException || e instanceof PkiException) {
            kind = "TLS failure";
        } else if (e instanceof StreamRejectedException) {
            kind = "sink refused";
        } else if (e instanceof StreamTransportException) {
            kind = text.contains(" within ") ? "timeout" : "sink connection failed";
        } else if (e instanceof StreamFormatException) {
            kind = "invalid stream";
        } else if (e instanceof ConnectException) {
            kind = "sink connection failed";
        } else if (e instanceof IllegalArgumentException) {
            kind = "invalid request";
        } else {
            kind = e.getClass().getSimpleName();
        }
        return kind + ": " + text;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
