package io.vmferry.stream.api;

/** A range that reads as zeros in this point and must shadow older data of the chain. */
public record ZeroFrame(long sequence, long offset, long length) implements ContentFrame {

    @Override
    public FrameType type() {
        return FrameType.ZERO;
    }
}
