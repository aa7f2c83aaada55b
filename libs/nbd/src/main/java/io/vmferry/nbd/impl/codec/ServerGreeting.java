package io.vmferry.nbd.impl.codec;

/** The server's first message: NBDMAGIC, IHAVEOPT and the 16-bit handshake flags. */
public record ServerGreeting(int flags) {

    public boolean fixedNewstyle() {
        return (flags & NbdWire.FLAG_FIXED_NEWSTYLE) != 0;
    }

    public boolean noZeroes() {
        return (flags & NbdWire.FLAG_NO_ZEROES) != 0;
    }
}
