package io.vmferry.stream.api;

/** A range that is not allocated in this point (used by full backups to describe the sparse map). */
public record HoleFrame(long sequence, long offset, long length) implements ContentFrame {

    @Override
    public FrameType type() {
        return FrameType.HOLE;
    }
}
