package io.vmferry.bus;

/** An event that cannot be decoded or validated; it goes to the topic's DLQ with this message. */
public final class MalformedEventException extends RuntimeException {
    public MalformedEventException(String reason) {
        super(reason, null, false, false);
    }
}
