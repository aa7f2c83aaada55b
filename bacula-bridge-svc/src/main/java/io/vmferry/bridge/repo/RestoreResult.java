package io.vmferry.bridge.repo;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished restore.
 *
 * @param vm           VM key
 * @param disk         disk name
 * @param pointId      the point restored (resolved when {@code latest} was asked for)
 * @param chain        point ids read, newest first (ends with the full)
 * @param target       the image written
 * @param format       its format
 * @param virtualSize  guest-visible size of the image
 * @param dataBytes    data bytes written (the rest reads as zeros)
 */
public record RestoreResult(String vm, String disk, String pointId, List<String> chain,
                            @JsonSerialize(using = ToStringSerializer.class) Path target, String format,
                            long virtualSize, long dataBytes) {
}
