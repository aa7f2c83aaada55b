package io.vmferry.formats.internal;

import io.vmferry.formats.api.Extent;
import io.vmferry.formats.api.ExtentType;

import java.util.ArrayList;
import java.util.List;

/** Collects extents in ascending order, merging adjacent extents of one type. */
public final class ExtentListBuilder {
    private final List<Extent> extents = new ArrayList<>();
    private long start = -1;
    private long end = -1;
    private ExtentType type;

    /** Appends {@code [offset, offset + length)}; it must start where the previous one ended. */
    public ExtentListBuilder add(long offset, long length, ExtentType t) {
        if (length <= 0) {
            return this;
        }
        if (type != null && offset != end) {
            throw new IllegalStateException("extent gap at " + end + " -> " + offset);
        }
        if (type == t) {
            end += length;
            return this;
        }
        flush();
        start = offset;
        end = offset + length;
        type = t;
        return this;
    }

    /** Appends every extent of {@code list}. */
    public ExtentListBuilder addAll(List<Extent> list) {
        for (Extent e : list) {
            add(e.offset(), e.length(), e.type());
        }
        return this;
    }

    public List<Extent> build() {
        flush();
        return List.copyOf(extents);
    }

    private void flush() {
        if (type != null) {
            extents.add(new Extent(start, end - start, type));
            type = null;
        }
    }
}
