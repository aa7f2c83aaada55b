package io.vmferry.qemu.qmp.internal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vmferry.qemu.qmp.QmpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Repeats an asynchronous check until it yields a value, with a fixed interval and an overall deadline. */
public final class Polling {
    private Polling() {
    }

    /**
     * Runs {@code check} now and then every {@code interval} until it yields a value or fails; fails with a
     * {@link QmpTimeoutException} ("{@code what} within N ms") once {@code timeout} has passed.
     */
    public static <T> Future<T> until(Vertx vertx, Supplier<Future<Optional<T>>> check, Duration interval,
            Duration timeout, String what) {
        Promise<T> promise = Promise.promise();
        long deadline = System.nanoTime() + timeout.toNanos();
        attempt(vertx, check, interval, deadline, promise, () -> new QmpTimeoutException(what, timeout));
        return promise.future();
    }

    private static <T> void attempt(Vertx vertx, Supplier<Future<Optional<T>>> check, Duration interval,
            long deadline, Promise<T> promise, Supplier<QmpTimeoutException> timedOut) {
        check.get().onComplete(ar -> {
            if (ar.failed()) {
                promise.tryFail(ar.cause());
            } else if (ar.result().isPresent()) {
                promise.tryComplete(ar.result().get());
            } else if (System.nanoTime() - deadline >= 0) {
                promise.tryFail(timedOut.get());
            } else {
                vertx.setTimer(Math.max(1, interval.toMillis()),
                        t -> attempt(vertx, check, interval, deadline, promise, timedOut));
            }
        });
    }
}
