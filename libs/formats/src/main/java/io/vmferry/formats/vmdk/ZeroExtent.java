package io.vmferry.formats.vmdk;

import io.vmferry.formats.api.ExtentType;

import java.nio.ByteBuffer;

/** A descriptor {@code ZERO} extent: reads as zeros and shadows any parent. */
record ZeroExtent(long length) implements ExtentSource {

    @Override
    public Run run(long offset, long max) {
        return new Run(ExtentType.ZERO, Math.min(max, length - offset));
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
    }

    @Override
    public void close() {
    }
}
