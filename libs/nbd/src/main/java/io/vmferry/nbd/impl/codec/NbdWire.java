package io.vmferry.nbd.impl.codec;

/**
 * Protocol constants from the NBD specification (NetworkBlockDevice/nbd {@code doc/proto.md}).
 * DO NOT MODIFY: every value here is fixed by the wire protocol.
 *
 * <pre>
 * greeting        S: 64 NBDMAGIC, 64 IHAVEOPT, 16 handshake flags           (18 bytes)
 * client flags    C: 32 flags
 * option          C: 64 IHAVEOPT, 32 option, 32 length, data
 * option reply    S: 64 REP_MAGIC, 32 option, 32 reply type, 32 length, data (20-byte header)
 * request         C: 32 REQUEST_MAGIC, 16 flags, 16 type, 64 cookie, 64 offset, 32 length (28 bytes)
 * simple reply    S: 32 SIMPLE_MAGIC, 32 error, 64 cookie [, read data]         (16-byte header)
 * structured      S: 32 STRUCTURED_MAGIC, 16 flags, 16 type, 64 cookie, 32 length, payload (20)
 * </pre>
 */
public final class NbdWire {

    public static final long NBDMAGIC = 0x4e42444d41474943L;
    public static final long IHAVEOPT = 0x49484156454F5054L;
    public static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
    public static final int REQUEST_MAGIC = 0x25609513;
    public static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    public static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

    public static final int GREETING_LENGTH = 8 + 8 + 2;
    public static final int OPTION_HEADER_LENGTH = 8 + 4 + 4;
    public static final int OPTION_REPLY_HEADER_LENGTH = 8 + 4 + 4 + 4;
    public static final int REQUEST_LENGTH = 4 + 2 + 2 + 8 + 8 + 4;
    public static final int SIMPLE_REPLY_LENGTH = 4 + 4 + 8;
    public static final int STRUCTURED_HEADER_LENGTH = 4 + 2 + 2 + 8 + 4;

    public static final int FLAG_FIXED_NEWSTYLE = 1;
    public static final int FLAG_NO_ZEROES = 1 << 1;
    public static final int CLIENT_FIXED_NEWSTYLE = 1;
    public static final int CLIENT_NO_ZEROES = 1 << 1;

    public static final int OPT_EXPORT_NAME = 1;
    public static final int OPT_ABORT = 2;
    public static final int OPT_LIST = 3;
    public static final int OPT_STARTTLS = 5;
    public static final int OPT_INFO = 6;
    public static final int OPT_GO = 7;
    public static final int OPT_STRUCTURED_REPLY = 8;
    public static final int OPT_LIST_META_CONTEXT = 9;
    public static final int OPT_SET_META_CONTEXT = 10;

    public static final int REP_ACK = 1;
    public static final int REP_SERVER = 2;
    public static final int REP_INFO = 3;
    public static final int REP_META_CONTEXT = 4;
    public static final int REP_ERROR_BIT = 1 << 31;

    public static final int INFO_EXPORT = 0;
    public static final int INFO_NAME = 1;
    public static final int INFO_DESCRIPTION = 2;
    public static final int INFO_BLOCK_SIZE = 3;

    public static final int CMD_READ = 0;
    /** Request flag: reply to a read with one data chunk (needs {@code NBD_FLAG_SEND_DF}). */
    public static final int CMD_FLAG_DF = 1 << 2;
    public static final int CMD_DISC = 2;
    public static final int CMD_BLOCK_STATUS = 7;

    public static final int REPLY_FLAG_DONE = 1;
    public static final int REPLY_TYPE_NONE = 0;
    public static final int REPLY_TYPE_OFFSET_DATA = 1;
    public static final int REPLY_TYPE_OFFSET_HOLE = 2;
    public static final int REPLY_TYPE_BLOCK_STATUS = 5;
    public static final int REPLY_TYPE_ERROR_BIT = 1 << 15;
    public static final int REPLY_TYPE_ERROR = REPLY_TYPE_ERROR_BIT + 1;
    public static final int REPLY_TYPE_ERROR_OFFSET = REPLY_TYPE_ERROR_BIT + 2;

    /** Longest string the protocol allows (export names, context names, messages). */
    public static final int MAX_STRING = 4096;
    /** Largest read this client ever requests, so the largest data chunk it accepts. */
    public static final int MAX_READ = 32 << 20;

    private NbdWire() {
    }

    /** {@code NBD_OPT_GO} style name for messages. */
    public static String optionName(int option) {
        return switch (option) {
            case OPT_EXPORT_NAME -> "NBD_OPT_EXPORT_NAME";
            case OPT_ABORT -> "NBD_OPT_ABORT";
            case OPT_LIST -> "NBD_OPT_LIST";
            case OPT_STARTTLS -> "NBD_OPT_STARTTLS";
            case OPT_INFO -> "NBD_OPT_INFO";
            case OPT_GO -> "NBD_OPT_GO";
            case OPT_STRUCTURED_REPLY -> "NBD_OPT_STRUCTURED_REPLY";
            case OPT_LIST_META_CONTEXT -> "NBD_OPT_LIST_META_CONTEXT";
            case OPT_SET_META_CONTEXT -> "NBD_OPT_SET_META_CONTEXT";
            default -> "NBD_OPT_" + Integer.toUnsignedString(option);
        };
    }

    /** {@code NBD_CMD_READ} style name for messages. */
    public static String commandName(int command) {
        return switch (command) {
            case CMD_READ -> "NBD_CMD_READ";
            case CMD_DISC -> "NBD_CMD_DISC";
            case CMD_BLOCK_STATUS -> "NBD_CMD_BLOCK_STATUS";
            default -> "NBD_CMD_" + command;
        };
    }
}
