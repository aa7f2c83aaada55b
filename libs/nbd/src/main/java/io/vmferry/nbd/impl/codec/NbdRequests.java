package io.vmferry.nbd.impl.codec;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Encodes what the client sends: client flags, options with their data, and transmission requests. */
public final class NbdRequests {

    private NbdRequests() {
    }

    /** The 32-bit client flags answering the greeting. */
    public static Buffer clientFlags(int flags) {
        return Buffer.buffer(4).appendInt(flags);
    }

    /** {@code IHAVEOPT, option, length, data}. */
    public static Buffer option(int option, Buffer data) {
        return Buffer.buffer(NbdWire.OPTION_HEADER_LENGTH + data.length())
                .appendLong(NbdWire.IHAVEOPT)
                .appendInt(option)
                .appendInt(data.length())
                .appendBuffer(data);
    }

    /** Data of {@code NBD_OPT_GO}/{@code NBD_OPT_INFO}: export name and the information requests. */
    public static Buffer goData(String export, int... infoRequests) {
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        Buffer data = Buffer.buffer(4 + name.length + 2 + 2 * infoRequests.length)
                .appendInt(name.length)
                .appendBytes(name)
                .appendUnsignedShort(infoRequests.length);
        for (int info : infoRequests) {
            data.appendUnsignedShort(info);
        }
        return data;
    }

    /** Data of {@code NBD_OPT_LIST_META_CONTEXT}/{@code NBD_OPT_SET_META_CONTEXT}: export name and queries. */
    public static Buffer metaContextData(String export, List<String> queries) {
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        Buffer data = Buffer.buffer().appendInt(name.length).appendBytes(name).appendInt(queries.size());
        for (String query : queries) {
            byte[] q = query.getBytes(StandardCharsets.UTF_8);
            data.appendInt(q.length).appendBytes(q);
        }
        return data;
    }

    /**
     * A 28-byte request.
     *
     * @param length unsigned 32-bit
     */
    public static Buffer request(int flags, int type, long cookie, long offset, long length) {
        if (length < 0 || length > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("request length is 32-bit: " + length);
        }
        return Buffer.buffer(NbdWire.REQUEST_LENGTH)
                .appendInt(NbdWire.REQUEST_MAGIC)
                .appendUnsignedShort(flags)
                .appendUnsignedShort(type)
                .appendLong(cookie)
                .appendLong(offset)
                .appendUnsignedInt(length);
    }
}
