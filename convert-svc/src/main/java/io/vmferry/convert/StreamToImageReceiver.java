package io.vmferry.convert;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.CopyStats;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.stream.api.ContentFrame;
import io.vmferry.stream.api.StreamFrame;
import io.vmferry.stream.api.StreamHeader;
import io.vmferry.stream.api.StreamTrailer;
import io.vmferry.stream.api.transport.StreamReceiver;
import java.nio.file.Files;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands one incoming stream (one connection) as an image file: the header picks the target and
 * creates the writer, content frames go through {@link StreamToImage} on a worker thread in stream
 * order (each frame's future completes once written: the sink's back-pressure), and the trailer
 * finishes the image and renames it into place before the sender gets its ACK. An aborted stream
 * leaves no file.
 */
final class StreamToImageReceiver implements StreamReceiver {
    private static final Logger LOGGER = LoggerFactory.getLogger(StreamToImageReceiver.class);

    private final WorkerExecutor workers;
    private final Function<StreamHeader, SinkTarget> targets;
    private final BiConsumer<StreamHeader, ConversionResult> landed;
    private Future<Void> tail = Future.succeededFuture();
    private volatile TargetFile file;
    private volatile BlockWriter writer;
    private StreamToImage sink;
    private SinkTarget target;
    private String format;
    private long started;

    StreamToImageReceiver(WorkerExecutor workers, Function<StreamHeader, SinkTarget> targets,
                          BiConsumer<StreamHeader, ConversionResult> landed) {
        this.workers = workers;
        this.targets = targets;
        this.landed = landed;
    }

    @Override
    public Future<Void> onFrame(StreamFrame frame) {
        Future<Void> step = switch (frame) {
            case StreamHeader h -> blocking(() -> open(h));
            case ContentFrame f -> blocking(() -> sink.accept(f));
            case StreamTrailer t -> blocking(this::commit);
        };
        tail = step;
        return step;
    }

    @Override
    public void onAbort(Throwable cause) {
        tail.transform(ar -> blocking(this::discard)).onComplete(ar -> {
            if (target != null) {
                LOGGER.warn("stream for {} aborted, nothing written: {}", target.target(), cause.getMessage());
            }
        });
    }

    private void open(StreamHeader h) throws Exception {
        started = System.nanoTime();
        target = targets.apply(h);
        format = ImageFormatNames.targetFormat(target.format(), target.target());
        file = TargetFile.create(target.target(), false);
        try {
            writer = ImageFormats.create(file.path(), format, h.virtualSize(), target.options());
        } catch (IllegalArgumentException e) {
            throw new ConvertException(ConvertException.Kind.BAD_REQUEST, format + ": " + e.getMessage(), e);
        }
        sink = new StreamToImage(h, writer);
        LOGGER.info("stream {} {} ({} bytes) -> {} {}", h.vmKey(), h.diskName(), h.virtualSize(), format, target.target());
    }

    private void commit() throws Exception {
        CopyStats stats = sink.finish();
        writer.close();
        writer = null;
        file.commit();
        double seconds = (System.nanoTime() - started) / 1e9;
        StreamHeader h = sink.header();
        ConversionResult r = new ConversionResult(null, file.target(), ImageFormatNames.VFS, format, h.virtualSize(),
                stats.dataBytes(), stats.zeroBytes(), seconds, Files.size(file.target()), FileHash.sha256(file.target()));
        landed.accept(h, r);
    }

    private void discard() throws Exception {
        BlockWriter w = writer;
        writer = null;
        try {
            if (w != null) {
                w.close();
            }
        } finally {
            if (file != null) {
                file.close();
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private Future<Void> blocking(Step step) {
        return workers.executeBlocking(() -> {
            step.run();
            return null;
        }, true);
    }
}
