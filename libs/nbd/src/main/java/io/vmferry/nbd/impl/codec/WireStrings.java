package io.vmferry.nbd.impl.codec;

import io.netty.buffer.ByteBuf;
import io.vmferry.nbd.api.NbdProtocolException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads protocol strings: bounded length, strict UTF-8 for names, lenient for human-readable messages. */
final class WireStrings {

    private WireStrings() {
    }

    /** Decodes a name (export, meta context): at most {@link NbdWire#MAX_STRING} bytes of valid UTF-8 without NUL. */
    static String name(ByteBuf buf, int index, int length, String what) {
        if (length < 0 || length > NbdWire.MAX_STRING) {
            throw NbdProtocolException.fatal(what + " length " + Integer.toUnsignedString(length) + " exceeds "
                    + NbdWire.MAX_STRING);
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf.nioBuffer(index, length))
                    .toString();
            if (s.indexOf('\0') >= 0) {
                throw NbdProtocolException.fatal(what + " contains NUL");
            }
            return s;
        } catch (CharacterCodingException e) {
            throw NbdProtocolException.fatal(what + " is not valid UTF-8");
        }
    }

    /** Decodes a message for display; malformed bytes become U+FFFD and the text is cut at {@link NbdWire#MAX_STRING}. */
    static String message(ByteBuf buf, int index, int length) {
        return buf.toString(index, Math.min(length, NbdWire.MAX_STRING), StandardCharsets.UTF_8);
    }
}
