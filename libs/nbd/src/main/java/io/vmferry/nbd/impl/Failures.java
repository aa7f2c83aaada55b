package io.vmferry.nbd.impl;

import io.netty.handler.codec.DecoderException;
import io.vmferry.nbd.api.NbdConnectionException;
import io.vmferry.nbd.api.NbdException;

/** Maps what the socket reports to the client's exception types. */
final class Failures {

    private Failures() {
    }

    /** Unwraps decoder exceptions to the {@link NbdException} inside; anything else means the connection is lost. */
    static NbdException wrap(Throwable t, String address) {
        Throwable cause = t instanceof DecoderException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof NbdException e) {
            return e;
        }
        // the reason as the system gave it ("Connection refused"), not the Java class that carried it
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new NbdConnectionException("connection to " + address + " failed: " + reason, cause);
    }
}
