package io.vmferry.convert;

import io.vmferry.formats.api.BlockReader;
import io.vmferry.formats.api.BlockWriter;
import io.vmferry.formats.api.Copier;
import io.vmferry.formats.api.CopyStats;
import io.vmferry.formats.api.ImageFormats;
import io.vmferry.formats.raw.RawFormat;
import io.vmferry.stream.api.StreamFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converts one disk image file into another format in one pass with bounded memory, keeping it
 * sparse: the source is read extent by extent ({@link Copier}, with zero detection) or, for a
 * {@code .vfs} full-backup stream, frame by frame ({@link StreamToImage}); the target is written
 * under a private name and renamed into place only when complete ({@link TargetFile}), its data
 * synced to disk in the background as the copy goes ({@link BackgroundSync}).
 *
 * <p>Every failure is a {@link ConvertException} with a one-line message: {@code BAD_SOURCE}
 * (prefixed with the source as given), {@code BAD_REQUEST} or {@code TARGET_FAILED}. Nothing is left
 * at the target when it fails. Blocking: call it from a worker thread.
 */
public final class ImageConverter {
    private final Copier copier;

    /**
     * A converter with a 1 MiB copy buffer and zero detection that reads and writes on two threads
     * ({@link PipelinedCopier}).
     */
    public ImageConverter() {
        this.copier = null;
    }

    /** A converter that copies on the calling thread only, with {@code copier}. */
    public ImageConverter(Copier copier) {
        this.copier = copier;
    }

    /** Converts as {@code spec} says, reporting progress; hashes the output when {@code sha256} is set. */
    public ConversionResult convert(ConversionSpec spec, ProgressListener progress, boolean sha256)
            throws ConvertException {
        String targetFormat = ImageFormatNames.targetFormat(spec.targetFormat(), spec.target());
        refuseSameFile(spec);
        String sourceFormat;
        try {
            sourceFormat = ImageFormatNames.sourceFormat(spec.sourceFormat(), spec.source());
        } catch (IOException | RuntimeException e) {
            throw sourceError(spec.source(), e);
        }
        long start = System.nanoTime();
        Copied copied = ImageFormatNames.VFS.equals(sourceFormat)
                ? copyStream(spec, targetFormat, progress, sha256)
                : copyImage(spec, sourceFormat, targetFormat, progress, sha256);
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            long size = Files.size(spec.target());
            String hash = !sha256 ? null : copied.sha256 != null ? copied.sha256 : FileHash.sha256(spec.target());
            return new ConversionResult(spec.source(), spec.target(), sourceFormat, targetFormat, copied.virtualSize,
                    copied.stats.dataBytes(), copied.stats.zeroBytes(), seconds, size, hash);
        } catch (IOException e) {
            throw asConvertException(spec, e);
        }
    }

    /** What a copy wrote; {@code sha256} of the target when it was hashed as it was written, else null. */
    private record Copied(long virtualSize, CopyStats stats, String sha256) {
    }

    private Copied copyImage(ConversionSpec spec, String sourceFormat, String targetFormat, ProgressListener progress,
                             boolean sha256) throws ConvertException {
        BlockReader opened;
        try {
            opened = ImageFormats.open(spec.source(), sourceFormat);
        } catch (IOException | RuntimeException e) {
            throw sourceError(spec.source(), e);
        }
        try (BlockReader reader = new GuardedReader(opened, spec.source())) {
            return write(spec, targetFormat, reader.size(), progress, sha256, writer -> copier != null
                    ? copier.copy(reader, writer) : new PipelinedCopier().copy(reader, writer));
        } catch (IOException | RuntimeException e) {
            throw asConvertException(spec, e);
        }
    }

    private Copied copyStream(ConversionSpec spec, String targetFormat, ProgressListener progress, boolean sha256)
            throws ConvertException {
        StreamFileReader opened = null;
        long size;
        try {
            opened = StreamFileReader.open(spec.source());
            size = opened.header().virtualSize();
            opened.readAhead(); // verifying the stream overlaps with writing the image
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            throw sourceError(spec.source(), e);
        }
        try (StreamFileReader reader = opened) {
            return write(spec, targetFormat, size, progress, sha256, writer -> {
                try {
                    return StreamToImage.copy(reader, writer);
                } catch (ConvertException e) {
                    throw e.kind() == ConvertException.Kind.BAD_SOURCE ? sourceError(spec.source(), e) : e;
                } catch (IOException | RuntimeException e) {
                    throw sourceError(spec.source(), e);
                }
            });
        } catch (IOException | RuntimeException e) {
            throw asConvertException(spec, e);
        }
    }

    private static void closeQuietly(StreamFileReader reader) {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException e) {
            // already failing
        }
    }

    @FunctionalInterface
    private interface Body {
        CopyStats run(BlockWriter writer) throws IOException;
    }

    /**
     * Creates the target under its private name, runs {@code body} on it and publishes it; with {@code sha256} a raw
     * target is hashed as it is written ({@link ContentHashWriter}).
     */
    private static Copied write(ConversionSpec spec, String format, long size, ProgressListener progress,
                                boolean sha256, Body body) throws IOException {
        try (TargetFile target = TargetFile.create(spec.target(), spec.force())) {
            BlockWriter created;
            try {
                created = ImageFormats.create(target.path(), format, size, spec.options());
            } catch (IllegalArgumentException e) {
                throw new ConvertException(ConvertException.Kind.BAD_REQUEST, format + ": " + Messages.reason(e), e);
            }
            BackgroundSync sync;
            try {
                sync = BackgroundSync.of(target.path(), progress);
            } catch (IOException | RuntimeException e) {
                created.close();
                throw e;
            }
            ContentHashWriter hashing = sha256 && RawFormat.NAME.equals(created.format())
                    ? new ContentHashWriter(created) : null;
            CopyStats stats;
            try (sync; BlockWriter writer = new GuardedWriter(hashing != null ? hashing : created,
                    spec.target().toString(), sync)) {
                stats = body.run(writer);
            }
            target.commit();
            return new Copied(size, stats, hashing != null ? hashing.sha256() : null);
        }
    }

    private static void refuseSameFile(ConversionSpec spec) throws ConvertException {
        boolean same;
        try {
            same = Files.exists(spec.target()) && Files.isSameFile(spec.source(), spec.target());
        } catch (IOException e) {
            same = false; // the source is missing or unreadable: opening it reports that
        }
        if (same) {
            throw new ConvertException(ConvertException.Kind.BAD_REQUEST, spec.target() + ": is the source itself");
        }
    }

    private static ConvertException sourceError(Path src, Throwable e) {
        if (e instanceof ConvertException c && c.kind() != ConvertException.Kind.BAD_SOURCE) {
            return c;
        }
        return new ConvertException(ConvertException.Kind.BAD_SOURCE,
                Messages.prefixed(src.toString(), e, Messages.aliases(src)), e);
    }

    private static ConvertException asConvertException(ConversionSpec spec, Throwable e) {
        if (e instanceof ConvertException c) {
            return c;
        }
        return new ConvertException(ConvertException.Kind.TARGET_FAILED, Messages.prefixed(spec.target().toString(), e), e);
    }
}
