package io.vmferry.nbd.api;

/**
 * Root of every failure the NBD client reports. Unchecked, because it travels in failed
 * {@link io.vertx.core.Future}s. Subclasses say which kind of failure it is:
 * <ul>
 *   <li>{@link NbdCommandException}: the server returned an error for one command;</li>
 *   <li>{@link NbdProtocolException}: the server broke the protocol, either for one command
 *       ({@link NbdProtocolException#fatal()} false) or so badly that the connection was closed;</li>
 *   <li>{@link NbdOptionException}: the server refused an option during the handshake;</li>
 *   <li>{@link NbdConnectionException}: connecting failed or timed out, or the connection is gone
 *       ({@link NbdRetriableException retriable}).</li>
 * </ul>
 * These are expected failures, so they carry no stack trace; the cause (if any) keeps its own.
 */
public class NbdException extends RuntimeException {

    public NbdException(String message) {
        super(message, null, false, false);
    }

    public NbdException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
