package io.vmferry.snapshot;

/**
 * Failure injection points of a snapshot's life, for tests that prove nothing is left behind.
 * Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface SnapshotFaults {
    SnapshotFaults NONE = stage -> { };

    /** Stages: {@code after-freeze}, {@code after-transaction}, {@code after-export}, {@code before-release}. */
    void at(String stage) throws Exception;
}
