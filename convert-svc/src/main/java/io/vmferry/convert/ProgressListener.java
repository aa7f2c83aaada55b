package io.vmferry.convert;

/** Told how far a conversion got, in guest bytes; called on the converting thread. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} guest bytes have been written or skipped. */
    void progress(long done, long total);
}
