package io.vmferry.stream.api;

/** A frame about the range {@code [offset, offset + length)} of the virtual disk. */
public sealed interface ContentFrame extends StreamFrame permits DataFrame, ZeroFrame, HoleFrame {

    /** First byte of the range. */
    long offset();

    /** Length of the range in bytes (always positive). */
    long length();

    /** First byte after the range. */
    default long end() {
        return offset() + length();
    }
}
