package io.vmferry.nbd.impl;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vmferry.nbd.api.NbdBlockSize;
import io.vmferry.nbd.api.NbdException;
import io.vmferry.nbd.api.NbdExport;
import io.vmferry.nbd.api.NbdOptionError;
import io.vmferry.nbd.api.NbdOptionException;
import io.vmferry.nbd.api.NbdOptions;
import io.vmferry.nbd.api.NbdProtocolException;
import io.vmferry.nbd.api.NbdTransmissionFlags;
import io.vmferry.nbd.impl.codec.NbdRequests;
import io.vmferry.nbd.impl.codec.NbdWire;
import io.vmferry.nbd.impl.codec.OptionReply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The option haggling sequence, composed with futures: greeting and client flags, (STARTTLS hook),
 * {@code NBD_OPT_STRUCTURED_REPLY}, {@code NBD_OPT_SET_META_CONTEXT}, and {@code NBD_OPT_GO} asking for
 * {@code NBD_INFO_BLOCK_SIZE}.
 */
final class Handshake {

    private final OptionChannel channel;
    private final NbdOptions options;
    private boolean structured;
    private Map<String, Integer> contexts = Map.of();

    private Handshake(OptionChannel channel, NbdOptions options) {
        this.channel = channel;
        this.options = options;
    }

    /** Runs the handshake up to transmission. */
    static Future<NbdExport> run(OptionChannel channel, NbdOptions options) {
        Handshake h = new Handshake(channel, options);
        return h.greet()
                .compose(v -> h.startTls())
                .compose(v -> h.structuredReplies())
                .compose(v -> h.setMetaContexts())
                .compose(v -> h.go());
    }

    /** Lists meta contexts and aborts the negotiation; the caller closes the socket. */
    static Future<List<String>> listMetaContexts(OptionChannel channel, NbdOptions options, List<String> queries) {
        Handshake h = new Handshake(channel, options);
        return h.greet()
                .compose(v -> h.startTls())
                .compose(v -> h.structuredReplies())
                .compose(v -> h.list(queries))
                .andThen(ar -> channel.send(NbdRequests.option(NbdWire.OPT_ABORT, Buffer.buffer())));
    }

    private Future<Void> greet() {
        return channel.greeting().compose(g -> {
            if (!g.fixedNewstyle()) {
                return Future.failedFuture(NbdProtocolException.fatal(
                        "server does not support fixed newstyle negotiation (flags " + g.flags() + ")"));
            }
            int flags = NbdWire.CLIENT_FIXED_NEWSTYLE | (g.noZeroes() ? NbdWire.CLIENT_NO_ZEROES : 0);
            channel.send(NbdRequests.clientFlags(flags));
            return Future.succeededFuture();
        });
    }

    /**
     * Hook for {@code NBD_OPT_STARTTLS}: send the option, on ACK {@code upgradeToSsl} the socket, then
     * redo every stateful option. Not implemented yet: exports are reached over loopback or a unix socket.
     */
    private Future<Void> startTls() {
        return Future.succeededFuture();
    }

    private Future<Void> structuredReplies() {
        return channel.request(NbdWire.OPT_STRUCTURED_REPLY, Buffer.buffer())
                .map(replies -> structured = true)
                .recover(e -> e instanceof NbdOptionException oe && oe.error() == NbdOptionError.UNSUP
                        ? Future.succeededFuture(false) : Future.failedFuture(e))
                .mapEmpty();
    }

    private Future<List<String>> list(List<String> queries) {
        if (!structured) {
            return Future.failedFuture(new NbdException("server has no structured replies, so no meta contexts"));
        }
        return channel.request(NbdWire.OPT_LIST_META_CONTEXT, NbdRequests.metaContextData(options.getExportName(), queries))
                .map(replies -> {
                    List<String> names = new ArrayList<>();
                    for (OptionReply r : replies) {
                        if (r instanceof OptionReply.MetaContext mc) {
                            names.add(mc.name());
                        }
                    }
                    return names;
                });
    }

    private Future<Void> setMetaContexts() {
        List<String> wanted = options.getMetaContexts();
        if (wanted.isEmpty()) {
            return Future.succeededFuture();
        }
        if (!structured) {
            return Future.failedFuture(new NbdException("server at " + options.address()
                    + " refused structured replies; meta contexts " + wanted + " need them"));
        }
        return channel.request(NbdWire.OPT_SET_META_CONTEXT, NbdRequests.metaContextData(options.getExportName(), wanted))
                .compose(replies -> {
                    Map<String, Integer> selected = new LinkedHashMap<>();
                    Set<Integer> ids = new HashSet<>();
                    for (OptionReply r : replies) {
                        if (r instanceof OptionReply.MetaContext mc
                                && (selected.put(mc.name(), mc.id()) != null || !ids.add(mc.id()))) {
                            return Future.failedFuture(NbdProtocolException.fatal("meta context " + mc.name()
                                    + " or id " + mc.id() + " selected twice"));
                        }
                    }
                    List<String> missing = wanted.stream().filter(w -> !selected.containsKey(w)).toList();
                    if (!missing.isEmpty()) {
                        return Future.failedFuture(new NbdException("export '" + options.getExportName() + "' at "
                                + options.address() + " does not offer meta context(s) " + missing
                                + "; selected: " + selected.keySet()));
                    }
                    contexts = selected;
                    return Future.succeededFuture();
                });
    }

    private Future<NbdExport> go() {
        return channel.request(NbdWire.OPT_GO, NbdRequests.goData(options.getExportName(), NbdWire.INFO_BLOCK_SIZE))
                .compose(replies -> {
                    OptionReply.InfoExport info = null;
                    NbdBlockSize blockSize = NbdBlockSize.DEFAULT;
                    for (OptionReply r : replies) {
                        if (r instanceof OptionReply.InfoExport ie) {
                            info = ie;
                        } else if (r instanceof OptionReply.InfoBlockSize bs) {
                            blockSize = blockSize(bs);
                        }
                    }
                    if (info == null) {
                        return Future.failedFuture(NbdProtocolException.fatal("NBD_OPT_GO acknowledged without NBD_INFO_EXPORT"));
                    }
                    return Future.succeededFuture(new NbdExport(options.getExportName(), info.size(),
                            new NbdTransmissionFlags(info.transmissionFlags()), blockSize, structured, contexts));
                });
    }

    private static NbdBlockSize blockSize(OptionReply.InfoBlockSize bs) {
        try {
            return new NbdBlockSize(bs.minimum(), bs.preferred(), bs.maximum());
        } catch (IllegalArgumentException e) {
            throw NbdProtocolException.fatal("invalid NBD_INFO_BLOCK_SIZE: " + e.getMessage());
        }
    }
}
