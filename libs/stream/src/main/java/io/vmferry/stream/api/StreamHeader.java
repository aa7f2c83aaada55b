package io.vmferry.stream.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * First frame of every stream (sequence 0): which disk of which VM this is, how big it is and where
 * it sits in a backup chain. The constructor enforces the v1 rules (see {@code docs/stream-format.md}
 * §3), so a header that exists can always be encoded and decoded back equal.
 *
 * @param jobId             job that produced the stream (1..128 UTF-8 bytes)
 * @param vmKey             {@code host/vmid} (one slash, both parts non-empty, at most 255 bytes)
 * @param diskName          disk name such as {@code scsi0} (1..64 bytes, no slash)
 * @param virtualSize       guest-visible size in bytes (1..2^60)
 * @param level             full, incremental or differential
 * @param parentPointId     restore point this one is based on: null for full, required otherwise
 * @param bitmapGranularity dirty-bitmap granularity in bytes: 0 (none) or a power of two in 512..2^30
 * @param createdAt         creation time, kept to the millisecond
 * @param metadataJson      optional JSON object (at most 64 KiB of UTF-8), or null
 */
public record StreamHeader(String jobId, String vmKey, String diskName, long virtualSize, BackupLevel level,
                           String parentPointId, int bitmapGranularity, Instant createdAt,
                           String metadataJson) implements StreamFrame {

    /** Validates every field; see the class comment. */
    public StreamHeader {
        requireText("job id", jobId, StreamFormat.MAX_ID_BYTES);
        requireText("vm key", vmKey, StreamFormat.MAX_VM_KEY_BYTES);
        requireText("disk name", diskName, StreamFormat.MAX_DISK_NAME_BYTES);
        int slash = vmKey.indexOf('/');
        if (slash <= 0 || slash == vmKey.length() - 1 || vmKey.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("vm key must be host/vmid, got '" + vmKey + "'");
        }
        if (diskName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("disk name must not contain '/', got '" + diskName + "'");
        }
        if (virtualSize <= 0 || virtualSize > StreamFormat.MAX_VIRTUAL_SIZE) {
            throw new IllegalArgumentException("virtual size out of range: " + virtualSize);
        }
        if (level == null) {
            throw new IllegalArgumentException("level is required");
        }
        if ((level == BackupLevel.FULL) != (parentPointId == null)) {
            throw new IllegalArgumentException(level.label() + " backup "
                    + (parentPointId == null ? "needs a parent point" : "must not have a parent point"));
        }
        if (parentPointId != null) {
            requireText("parent point id", parentPointId, StreamFormat.MAX_ID_BYTES);
        }
        if (bitmapGranularity != 0 && (bitmapGranularity < 512 || bitmapGranularity > (1 << 30)
                || Integer.bitCount(bitmapGranularity) != 1)) {
            throw new IllegalArgumentException("bitmap granularity must be 0 or a power of two in 512..2^30, got "
                    + bitmapGranularity);
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("creation time is required");
        }
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        if (metadataJson != null) {
            requireJsonObject(metadataJson);
        }
    }

    /** Sequence number of the header frame: always 0. */
    @Override
    public long sequence() {
        return 0;
    }

    @Override
    public FrameType type() {
        return FrameType.HEADER;
    }

    /** The metadata blob parsed, or an empty object when there is none. */
    public JsonObject metadata() {
        return metadataJson == null ? new JsonObject() : new JsonObject(metadataJson);
    }

    /** A full-backup header without parent, bitmap or metadata (the common case in tests and tools). */
    public static StreamHeader full(String jobId, String vmKey, String diskName, long virtualSize, Instant createdAt) {
        return new StreamHeader(jobId, vmKey, diskName, virtualSize, BackupLevel.FULL, null, 0, createdAt, null);
    }

    /** This header with another metadata blob (null for none). */
    public StreamHeader withMetadata(String json) {
        return new StreamHeader(jobId, vmKey, diskName, virtualSize, level, parentPointId, bitmapGranularity,
                createdAt, json);
    }

    private static void requireText(String what, String value, int maxBytes) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is required");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(what + " is " + bytes + " bytes, at most " + maxBytes + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " contains a control character");
            }
        }
    }

    private static void requireJsonObject(String json) {
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > StreamFormat.MAX_METADATA_BYTES) {
            throw new IllegalArgumentException("metadata is " + bytes + " bytes, at most "
                    + StreamFormat.MAX_METADATA_BYTES + " allowed");
        }
        try {
            new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("metadata is not a JSON object");
        }
    }
}
