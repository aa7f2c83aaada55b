package io.vmferry.stream.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vmferry.stream.api.FrameType;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialDigestTest {
    private static final int MIB = 1 << 20;

    /** Runs queued tasks only when the test says so. */
    private static final class HeldExecutor implements Executor {
        final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runOne() throws InterruptedException {
            tasks.poll(10, TimeUnit.SECONDS).run();
        }
    }

    @Test
    void aBoundedDigestHoldsTheCallerWhileMoreThanItsBoundWaitsToBeHashed() throws Exception {
        HeldExecutor held = new HeldExecutor();
        SerialDigest bounded = new SerialDigest(held, 2L * MIB);
        bounded.update(FrameType.DATA, 0, MIB, Buffer.buffer(new byte[MIB]));
        bounded.update(FrameType.DATA, MIB, MIB, Buffer.buffer(new byte[MIB])); // 2 MiB queued: at the bound
        Thread caller = Thread.ofPlatform().start(
                () -> bounded.update(FrameType.DATA, 2L * MIB, MIB, Buffer.buffer(new byte[MIB])));
        waitUntilWaiting(caller);
        assertTrue(caller.isAlive(), "3 MiB queued against a bound of 2: the caller waits");
        held.runOne(); // the first frame hashed: 2 MiB left queued
        caller.join(10_000);
        assertFalse(caller.isAlive(), "back within the bound: the caller goes on");
        held.runOne();
        held.runOne();
        CompletableFuture<String> hex = bounded.finishHex();
        held.runOne();
        assertEquals(digestOf(new byte[3 * MIB]), hex.get(10, TimeUnit.SECONDS), "all three frames, in order");
    }

    @Test
    void anUnboundedDigestNeverWaits() {
        HeldExecutor held = new HeldExecutor();
        SerialDigest free = new SerialDigest(held);
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 8; i++) {
            last = free.update(FrameType.DATA, (long) i * MIB, MIB, Buffer.buffer(new byte[MIB]));
        }
        assertEquals(1, held.tasks.size(), "8 MiB queued behind the first update, which has not run");
        assertFalse(last.isDone(), "nothing hashed, and the caller did not wait for it");
        assertThrows(IllegalArgumentException.class, () -> new SerialDigest(held, -1));
    }

    private static String digestOf(byte[] zeros) throws Exception {
        SerialDigest inline = new SerialDigest(Executors.newSingleThreadExecutor());
        inline.update(FrameType.DATA, 0, MIB, Buffer.buffer(zeros).slice(0, MIB));
        inline.update(FrameType.DATA, MIB, MIB, Buffer.buffer(zeros).slice(MIB, 2 * MIB));
        inline.update(FrameType.DATA, 2L * MIB, MIB, Buffer.buffer(zeros).slice(2 * MIB, 3 * MIB));
        return inline.finishHex().get(10, TimeUnit.SECONDS);
    }

    private static void waitUntilWaiting(Thread t) throws InterruptedException {
        for (int i = 0; i < 1000 && t.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, t.getState(), "the caller blocks");
    }
}
