package io.vmferry.bridge.repo;

/** Receives restore progress: {@code done} of {@code total} guest bytes (the virtual size) are settled. */
@FunctionalInterface
public interface RestoreProgress {
    /** Ignores progress. */
    RestoreProgress NONE = (done, total) -> { };

    /** Called from the restoring thread, with {@code done} never going backwards. */
    void update(long done, long total);
}
