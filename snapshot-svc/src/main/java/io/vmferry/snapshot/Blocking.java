package io.vmferry.snapshot;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Awaits Vert.x futures from the snapshot's own (virtual) thread, unwrapping their failures. */
final class Blocking {
    static final long TIMEOUT_SECONDS = 120;

    private Blocking() {
    }

    static <T> T await(Future<T> f) throws Exception {
        try {
            return f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.util.concurrent.TimeoutException("QEMU did not answer within " + TIMEOUT_SECONDS + " s");
        }
    }
}
