package io.vmferry.nbd.impl.codec;

/** One option reply of the handshake phase, already validated against its type's layout. */
public sealed interface OptionReply {

    /** The option this reply answers. */
    int option();

    /** {@code NBD_REP_ACK}: the option succeeded (and for list-style options, the list is complete). */
    record Ack(int option) implements OptionReply {
    }

    /** {@code NBD_REP_SERVER}: one export name of {@code NBD_OPT_LIST}. */
    record Server(int option, String name) implements OptionReply {
    }

    /** {@code NBD_REP_INFO} / {@code NBD_INFO_EXPORT}. */
    record InfoExport(int option, long size, int transmissionFlags) implements OptionReply {
    }

    /** {@code NBD_REP_INFO} / {@code NBD_INFO_BLOCK_SIZE}; values unsigned 32-bit. */
    record InfoBlockSize(int option, long minimum, long preferred, long maximum) implements OptionReply {
    }

    /** {@code NBD_REP_INFO} of a type the client ignores (name, description, future ones). */
    record InfoOther(int option, int infoType) implements OptionReply {
    }

    /** {@code NBD_REP_META_CONTEXT}: a context name and its id (0 in list replies). */
    record MetaContext(int option, int id, String name) implements OptionReply {
    }

    /** An error reply (bit 31 set) with the server's optional message. */
    record Error(int option, int type, String message) implements OptionReply {
    }

    /** A non-error reply type this client does not know; its payload was skipped. */
    record Unknown(int option, int type) implements OptionReply {
    }
}
