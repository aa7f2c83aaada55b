package io.vmferry.stream.impl;

import io.vmferry.stream.api.BackupLevel;
import io.vmferry.stream.api.StreamFormat;
import io.vmferry.stream.api.StreamFormatError;
import io.vmferry.stream.api.StreamFormatException;
import io.vmferry.stream.api.StreamHeader;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Payload of the header frame (type 0x01): a fixed part, then the strings in field order, UTF-8,
 * without terminators. The payload length must equal {@link #FIXED_SIZE} plus the string lengths.
 *
 * <pre>
 * | offset | size | field              | meaning                                            |
 * |--------|------|--------------------|----------------------------------------------------|
 * | 0      | 8    | virtual size       | bytes, 1..2^60                                     |
 * | 8      | 8    | created at         | Unix epoch milliseconds (signed)                   |
 * | 16     | 4    | bitmap granularity | bytes; 0 or a power of two in 512..2^30            |
 * | 20     | 1    | level              | 1 full, 2 incremental, 3 differential              |
 * | 21     | 1    | reserved           | 0                                                  |
 * | 22     | 2    | job id length      | 1..128                                             |
 * | 24     | 2    | vm key length      | 1..255                                             |
 * | 26     | 2    | disk name length   | 1..64                                              |
 * | 28     | 2    | parent id length   | 0 (no parent: full) or 1..128                      |
 * | 30     | 4    | metadata length    | 0 (none) or 1..65536 bytes of a JSON object        |
 * | 34     | ...  | job id, vm key, disk name, parent id, metadata                          |
 * </pre>
 */
public final class HeaderPayload {
    public static final int VIRTUAL_SIZE_OFFSET = 0;
    public static final int VIRTUAL_SIZE_LENGTH = 8;
    public static final int CREATED_AT_OFFSET = VIRTUAL_SIZE_OFFSET + VIRTUAL_SIZE_LENGTH;
    public static final int CREATED_AT_LENGTH = 8;
    public static final int GRANULARITY_OFFSET = CREATED_AT_OFFSET + CREATED_AT_LENGTH;
    public static final int GRANULARITY_LENGTH = 4;
    public static final int LEVEL_OFFSET = GRANULARITY_OFFSET + GRANULARITY_LENGTH;
    public static final int LEVEL_LENGTH = 1;
    public static final int RESERVED_OFFSET = LEVEL_OFFSET + LEVEL_LENGTH;
    public static final int RESERVED_LENGTH = 1;
    public static final int JOB_ID_LENGTH_OFFSET = RESERVED_OFFSET + RESERVED_LENGTH;
    public static final int VM_KEY_LENGTH_OFFSET = JOB_ID_LENGTH_OFFSET + 2;
    public static final int DISK_LENGTH_OFFSET = VM_KEY_LENGTH_OFFSET + 2;
    public static final int PARENT_LENGTH_OFFSET = DISK_LENGTH_OFFSET + 2;
    public static final int METADATA_LENGTH_OFFSET = PARENT_LENGTH_OFFSET + 2;
    public static final int FIXED_SIZE = METADATA_LENGTH_OFFSET + 4;
    /** Largest valid payload; checked before the payload is read. */
    public static final int MAX_SIZE = FIXED_SIZE + 2 * StreamFormat.MAX_ID_BYTES + StreamFormat.MAX_VM_KEY_BYTES
            + StreamFormat.MAX_DISK_NAME_BYTES + StreamFormat.MAX_METADATA_BYTES;

    private HeaderPayload() {
    }

    /** The payload for {@code header}. */
    public static Buffer encode(StreamHeader header) {
        byte[] job = utf8(header.jobId());
        byte[] vm = utf8(header.vmKey());
        byte[] disk = utf8(header.diskName());
        byte[] parent = header.parentPointId() == null ? new byte[0] : utf8(header.parentPointId());
        byte[] meta = header.metadataJson() == null ? new byte[0] : utf8(header.metadataJson());
        return Buffer.buffer(FIXED_SIZE + job.length + vm.length + disk.length + parent.length + meta.length)
                .appendLong(header.virtualSize())
                .appendLong(header.createdAt().toEpochMilli())
                .appendInt(header.bitmapGranularity())
                .appendUnsignedByte((short) header.level().code())
                .appendUnsignedByte((short) 0)
                .appendUnsignedShort(job.length).appendUnsignedShort(vm.length).appendUnsignedShort(disk.length)
                .appendUnsignedShort(parent.length).appendInt(meta.length)
                .appendBytes(job).appendBytes(vm).appendBytes(disk).appendBytes(parent).appendBytes(meta);
    }

    /** Decodes and validates a header payload (its CRC already checked). */
    public static StreamHeader decode(Buffer p) {
        if (p.length() < FIXED_SIZE) {
            throw bad("header payload is " + p.length() + " bytes, needs at least " + FIXED_SIZE);
        }
        BackupLevel level = BackupLevel.valueOf(p.getUnsignedByte(LEVEL_OFFSET));
        if (level == null) {
            throw bad("unknown backup level code " + p.getUnsignedByte(LEVEL_OFFSET));
        }
        if (p.getUnsignedByte(RESERVED_OFFSET) != 0) {
            throw new StreamFormatException(StreamFormatError.BAD_FLAGS, "reserved header byte set");
        }
        long metaLength = p.getUnsignedInt(METADATA_LENGTH_OFFSET);
        long total = FIXED_SIZE + (long) p.getUnsignedShort(JOB_ID_LENGTH_OFFSET) + p.getUnsignedShort(VM_KEY_LENGTH_OFFSET)
                + p.getUnsignedShort(DISK_LENGTH_OFFSET) + p.getUnsignedShort(PARENT_LENGTH_OFFSET) + metaLength;
        if (total != p.length()) {
            throw new StreamFormatException(StreamFormatError.BAD_LENGTH,
                    "header field lengths add up to " + total + " bytes, payload is " + p.length());
        }
        int pos = FIXED_SIZE;
        String job = text(p, pos, p.getUnsignedShort(JOB_ID_LENGTH_OFFSET));
        pos += p.getUnsignedShort(JOB_ID_LENGTH_OFFSET);
        String vm = text(p, pos, p.getUnsignedShort(VM_KEY_LENGTH_OFFSET));
        pos += p.getUnsignedShort(VM_KEY_LENGTH_OFFSET);
        String disk = text(p, pos, p.getUnsignedShort(DISK_LENGTH_OFFSET));
        pos += p.getUnsignedShort(DISK_LENGTH_OFFSET);
        int parentLength = p.getUnsignedShort(PARENT_LENGTH_OFFSET);
        String parent = parentLength == 0 ? null : text(p, pos, parentLength);
        pos += parentLength;
        String meta = metaLength == 0 ? null : text(p, pos, (int) metaLength);
        try {
            return new StreamHeader(job, vm, disk, p.getLong(VIRTUAL_SIZE_OFFSET), level, parent,
                    p.getInt(GRANULARITY_OFFSET), Instant.ofEpochMilli(p.getLong(CREATED_AT_OFFSET)), meta);
        } catch (IllegalArgumentException e) {
            throw bad("invalid header: " + e.getMessage());
        }
    }

    private static String text(Buffer p, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(Nio.view(p, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw bad("header string at payload byte " + offset + " is not valid UTF-8");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static StreamFormatException bad(String message) {
        return new StreamFormatException(StreamFormatError.BAD_HEADER, message);
    }
}
