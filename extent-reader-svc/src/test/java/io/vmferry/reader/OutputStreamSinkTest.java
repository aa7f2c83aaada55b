package io.vmferry.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputStreamSinkTest {

    @Test
    void compositeAndSlicedBuffersAreWrittenInOrderAndEachWriteCompletesOnceOut() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamSink sink = new OutputStreamSink(out, 1 << 20);
        byte[] array = new byte[64];
        for (int i = 0; i < array.length; i++) {
            array[i] = (byte) i;
        }
        Buffer head = Buffer.buffer("HEAD");
        Buffer composite = BufferInternal.buffer(Unpooled.wrappedBuffer(((BufferInternal) head).getByteBuf(),
                Unpooled.wrappedBuffer(array).slice(16, 8)));
        Future<Void> first = sink.write(composite);
        Future<Void> second = sink.write(Buffer.buffer("tail"));
        sink.end().await(10, TimeUnit.SECONDS);
        assertTrue(first.isComplete() && first.succeeded() && second.succeeded());
        byte[] expected = new byte[4 + 8 + 4];
        System.arraycopy("HEAD".getBytes(), 0, expected, 0, 4);
        System.arraycopy(array, 16, expected, 4, 8);
        System.arraycopy("tail".getBytes(), 0, expected, 12, 4);
        assertArrayEquals(expected, out.toByteArray());
    }

    /** Read arrays are direct memory: written through the file's channel, or a small array for other streams. */
    @Test
    void directMemoryReachesAFileAndAnyOtherStreamIntact(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[200_000]; // more than the copy array
        new Random(7).nextBytes(bytes);
        Buffer head = Buffer.buffer("HEAD");
        Buffer frame = BufferInternal.buffer(Unpooled.wrappedBuffer(((BufferInternal) head).getByteBuf(),
                Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip())));
        byte[] expected = frame.getBytes();
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        OutputStreamSink toMemory = new OutputStreamSink(memory, 1 << 20);
        toMemory.write(frame);
        toMemory.end().await(10, TimeUnit.SECONDS);
        assertArrayEquals(expected, memory.toByteArray());
        Path file = dir.resolve("out");
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            OutputStreamSink toFile = new OutputStreamSink(out, 1 << 20);
            toFile.write(Buffer.buffer("x"));
            toFile.write(frame);
            toFile.end().await(10, TimeUnit.SECONDS);
        }
        assertEquals("x", new String(Files.readAllBytes(file), 0, 1));
        assertArrayEquals(expected, Arrays.copyOfRange(Files.readAllBytes(file), 1, 1 + expected.length));
        assertEquals(1 + expected.length, Files.size(file));
    }

    @Test
    void aFailingOutputFailsTheWriteAndTheEnd() throws Exception {
        CountDownLatch failing = new CountDownLatch(1);
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                failing.countDown();
                throw new IOException("pipe closed");
            }
        };
        OutputStreamSink sink = new OutputStreamSink(broken, 1 << 20);
        Future<Void> write = sink.write(Buffer.buffer("data"));
        assertTrue(failing.await(10, TimeUnit.SECONDS));
        Exception e = assertThrows(Exception.class, () -> sink.end().await(10, TimeUnit.SECONDS));
        assertEquals("pipe closed", e.getMessage());
        Exception w = assertThrows(Exception.class, () -> write.await(10, TimeUnit.SECONDS));
        assertEquals("pipe closed", w.getMessage(), "the write that did not go out fails");
    }
}
