package io.vmferry.formats.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An on-disk array of 32- or 64-bit entries (qcow2 L1, VHDX BAT, VHD BAT) read lazily in pages and
 * kept in a small LRU, so memory stays bounded whatever the table length. The table range is
 * checked against the file once, at construction.
 */
public final class PagedTable {
    private static final int PAGE_BYTES = 64 * 1024;
    private static final int MAX_PAGES = 16;

    private final ImageFile file;
    private final long offset;
    private final long entries;
    private final int entryBytes;
    private final ByteOrder order;
    private final String what;
    private final LruCache<Long, ByteBuffer> pages = new LruCache<>(MAX_PAGES);

    public PagedTable(ImageFile file, long offset, long entries, int entryBytes, ByteOrder order, String what)
            throws IOException {
        if (entryBytes != 4 && entryBytes != 8) {
            throw new IllegalArgumentException("entry size " + entryBytes);
        }
        if (entries < 0 || entries > Long.MAX_VALUE / entryBytes) {
            throw file.error(what + " has an absurd entry count " + entries);
        }
        file.checkRange(offset, entries * entryBytes, what);
        this.file = file;
        this.offset = offset;
        this.entries = entries;
        this.entryBytes = entryBytes;
        this.order = order;
        this.what = what;
    }

    public long entries() {
        return entries;
    }

    /** Entry {@code index}, zero-extended to 64 bits. */
    public long get(long index) throws IOException {
        if (index < 0 || index >= entries) {
            throw file.error(what + " index " + index + " is past its " + entries + " entries");
        }
        long byteOff = index * entryBytes;
        long pageNo = byteOff / PAGE_BYTES;
        ByteBuffer page = pages.get(pageNo);
        if (page == null) {
            long pageStart = pageNo * PAGE_BYTES;
            int len = (int) Math.min(PAGE_BYTES, entries * entryBytes - pageStart);
            page = file.read(offset + pageStart, len, order, what);
            pages.put(pageNo, page);
        }
        int at = (int) (byteOff - pageNo * PAGE_BYTES);
        return entryBytes == 8 ? page.getLong(at) : Integer.toUnsignedLong(page.getInt(at));
    }
}
