package io.vmferry.nbd.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vmferry.nbd.impl.codec.NbdWire;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * A small NBD server on a real loopback socket whose transmission replies are scripted by the test,
 * so that it can misbehave on purpose (wrong cookies, chunks outside the request, garbage). The
 * handshake is well-behaved: structured replies (unless disabled), {@code base:allocation} as
 * context 1, a 1 MiB read-only multi-conn export; export name {@code nosuch} is refused.
 */
public final class ScriptedNbdServer {

    public static final int SIZE = 1 << 20;

    /** A decoded client request. */
    public record Request(int type, long cookie, long offset, long length) {
    }

    private final Vertx vertx;
    private final boolean structured;
    private final BiConsumer<Request, NetSocket> script;
    private NetServer server;

    public ScriptedNbdServer(Vertx vertx, boolean structured, BiConsumer<Request, NetSocket> script) {
        this.vertx = vertx;
        this.structured = structured;
        this.script = script;
    }

    /** Starts listening on an ephemeral loopback port; the future gives the port. */
    public Future<Integer> start() {
        server = vertx.createNetServer().connectHandler(this::session);
        return server.listen(0, "127.0.0.1").map(NetServer::actualPort);
    }

    public Future<Void> close() {
        return server.close();
    }

    private void session(NetSocket socket) {
        socket.write(Buffer.buffer().appendLong(NbdWire.NBDMAGIC).appendLong(NbdWire.IHAVEOPT)
                .appendUnsignedShort(NbdWire.FLAG_FIXED_NEWSTYLE | NbdWire.FLAG_NO_ZEROES));
        RecordParser parser = RecordParser.newFixed(4);
        int[] state = {0};
        int[] option = {0};
        parser.handler(record -> {
            switch (state[0]) {
                case 0 -> {
                    state[0] = 1;
                    parser.fixedSizeMode(16);
                }
                case 1 -> {
                    option[0] = record.getInt(8);
                    int len = record.getInt(12);
                    if (len == 0) {
                        state[0] = option(socket, option[0], Buffer.buffer()) ? 3 : 1;
                        parser.fixedSizeMode(state[0] == 3 ? NbdWire.REQUEST_LENGTH : 16);
                    } else {
                        state[0] = 2;
                        parser.fixedSizeMode(len);
                    }
                }
                case 2 -> {
                    state[0] = option(socket, option[0], record) ? 3 : 1;
                    parser.fixedSizeMode(state[0] == 3 ? NbdWire.REQUEST_LENGTH : 16);
                }
                default -> {
                    Request request = new Request(record.getUnsignedShort(6), record.getLong(8), record.getLong(16),
                            record.getUnsignedInt(24));
                    if (request.type() == NbdWire.CMD_DISC) {
                        socket.close();
                    } else {
                        script.accept(request, socket);
                    }
                }
            }
        });
        socket.handler(parser);
    }

    /** Answers one option; true when transmission starts. */
    private boolean option(NetSocket socket, int option, Buffer data) {
        switch (option) {
            case NbdWire.OPT_STRUCTURED_REPLY -> reply(socket, option, structured ? NbdWire.REP_ACK : NbdWire.REP_ERROR_BIT | 1, Buffer.buffer());
            case NbdWire.OPT_SET_META_CONTEXT -> {
                reply(socket, option, NbdWire.REP_META_CONTEXT, Buffer.buffer().appendInt(1).appendString("base:allocation"));
                reply(socket, option, NbdWire.REP_ACK, Buffer.buffer());
            }
            case NbdWire.OPT_GO -> {
                String name = data.getString(4, 4 + data.getInt(0), StandardCharsets.UTF_8.name());
                if (name.equals("nosuch")) {
                    reply(socket, option, NbdWire.REP_ERROR_BIT | 6, Buffer.buffer("no export " + name));
                    return false;
                }
                reply(socket, option, NbdWire.REP_INFO, Buffer.buffer().appendUnsignedShort(NbdWire.INFO_EXPORT)
                        .appendLong(SIZE).appendUnsignedShort(0x103));
                reply(socket, option, NbdWire.REP_ACK, Buffer.buffer());
                return true;
            }
            default -> reply(socket, option, NbdWire.REP_ERROR_BIT | 1, Buffer.buffer());
        }
        return false;
    }

    private static void reply(NetSocket socket, int option, int type, Buffer data) {
        socket.write(Buffer.buffer().appendLong(NbdWire.OPTION_REPLY_MAGIC).appendInt(option).appendInt(type)
                .appendInt(data.length()).appendBuffer(data));
    }

    /** A structured OFFSET_DATA chunk of {@code length} bytes of {@code fill}. */
    public static Buffer data(long cookie, long offset, int length, int fill, boolean done) {
        Buffer b = chunkHeader(done ? NbdWire.REPLY_FLAG_DONE : 0, NbdWire.REPLY_TYPE_OFFSET_DATA, cookie, 8 + length)
                .appendLong(offset);
        for (int i = 0; i < length; i++) {
            b.appendByte((byte) fill);
        }
        return b;
    }

    /** A structured error chunk (DONE). */
    public static Buffer error(long cookie, int errno, String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        return chunkHeader(NbdWire.REPLY_FLAG_DONE, NbdWire.REPLY_TYPE_ERROR, cookie, 6 + m.length)
                .appendInt(errno).appendUnsignedShort(m.length).appendBytes(m);
    }

    /** A block-status chunk (DONE) for context 1. */
    public static Buffer status(long cookie, int... lengthFlagPairs) {
        Buffer b = chunkHeader(NbdWire.REPLY_FLAG_DONE, NbdWire.REPLY_TYPE_BLOCK_STATUS, cookie, 4 + 4 * lengthFlagPairs.length)
                .appendInt(1);
        for (int v : lengthFlagPairs) {
            b.appendInt(v);
        }
        return b;
    }

    /** A simple reply, followed by {@code payload} bytes of {@code fill}. */
    public static Buffer simple(long cookie, int error, int payload, int fill) {
        Buffer b = Buffer.buffer().appendInt(NbdWire.SIMPLE_REPLY_MAGIC).appendInt(error).appendLong(cookie);
        for (int i = 0; i < payload; i++) {
            b.appendByte((byte) fill);
        }
        return b;
    }

    private static Buffer chunkHeader(int flags, int type, long cookie, int length) {
        return Buffer.buffer().appendInt(NbdWire.STRUCTURED_REPLY_MAGIC).appendUnsignedShort(flags)
                .appendUnsignedShort(type).appendLong(cookie).appendInt(length);
    }
}
