package io.vmferry.bridge.repo;

import io.vmferry.stream.api.FrameType;
import io.vmferry.stream.api.StreamExtent;
import java.util.Arrays;
import java.util.List;

/**
 * The expected content of a small disk, computed the obvious way and independently of the
 * restorer: apply every point's extents oldest first (data overwrites, zero clears, holes leave
 * whatever was there).
 */
final class DiskModel {
    private final byte[] bytes;

    DiskModel(int size) {
        this.bytes = new byte[size];
    }

    private DiskModel(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Applies one point's extents. */
    void apply(List<StreamExtent> extents) {
        for (StreamExtent e : extents) {
            int off = (int) e.offset();
            if (e.type() == FrameType.DATA) {
                e.data().getBytes(0, (int) e.length(), bytes, off);
            } else if (e.type() == FrameType.ZERO) {
                Arrays.fill(bytes, off, off + (int) e.length(), (byte) 0);
            }
        }
    }

    DiskModel copy() {
        return new DiskModel(bytes.clone());
    }

    byte[] bytes() {
        return bytes;
    }
}
