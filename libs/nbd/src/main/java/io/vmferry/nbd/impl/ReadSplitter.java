package io.vmferry.nbd.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vmferry.nbd.api.NbdClient;
import io.vmferry.nbd.api.NbdReadChunk;

/**
 * Splits a read into commands of at most {@code maxPiece} bytes and keeps at most {@code window} of
 * them outstanding, issuing the next as one completes; stops issuing after the first failure.
 * Created and driven on one event loop.
 */
public final class ReadSplitter {

    /** Reads one piece (at most the connection's maximum read length). */
    @FunctionalInterface
    interface Piece {
        Future<Void> read(long offset, int length, Handler<NbdReadChunk> handler);
    }

    private final Piece piece;
    private final Handler<NbdReadChunk> handler;
    private final int maxPiece;
    private final int window;
    private final long end;
    private final Promise<Void> promise;
    private long next;
    private int outstanding;
    private boolean failed;

    private ReadSplitter(long offset, long length, int maxPiece, int window, Piece piece,
                         Handler<NbdReadChunk> handler, Promise<Void> promise) {
        this.next = offset;
        this.end = offset + length;
        this.maxPiece = maxPiece;
        this.window = window;
        this.piece = piece;
        this.handler = handler;
        this.promise = promise;
    }

    static Future<Void> read(long offset, long length, int maxPiece, int window, Piece piece,
                             Handler<NbdReadChunk> handler, Promise<Void> promise) {
        new ReadSplitter(offset, length, maxPiece, window, piece, handler, promise).pump();
        return promise.future();
    }

    /** Reads a range into one zero-filled buffer, copying each data piece to its place. */
    public static Future<Buffer> readBuffer(NbdClient client, long offset, int length) {
        long size = client.export().size();
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            return Future.failedFuture(new IllegalArgumentException("range offset=" + offset + " length=" + length
                    + " outside export of " + size + " bytes"));
        }
        Buffer buffer = Buffer.buffer(new byte[length]);
        return client.read(offset, length, chunk -> {
            if (chunk instanceof NbdReadChunk.Data data) {
                buffer.setBuffer((int) (data.offset() - offset), data.data());
            }
        }).map(buffer);
    }

    private void pump() {
        if (next >= end && outstanding == 0) {
            promise.tryComplete();
            return;
        }
        while (!failed && outstanding < window && next < end) {
            long pos = next;
            int n = (int) Math.min(maxPiece, end - pos);
            next += n;
            outstanding++;
            piece.read(pos, n, handler).onComplete(ar -> {
                outstanding--;
                if (ar.failed()) {
                    failed = true;
                    promise.tryFail(ar.cause());
                } else if (!failed) {
                    pump();
                }
            });
        }
    }
}
