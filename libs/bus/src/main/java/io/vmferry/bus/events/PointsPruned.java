package io.vmferry.bus.events;

import java.util.List;

/**
 * Payload of {@code points.pruned}: after storing point {@code afterPoint}, the repository applied
 * {@code repository.retention} to the VM's points and removed {@code removed} ({@code bytesFreed} bytes); the points
 * the policy let go but a restore or verify was reading stay until a later backup ({@code inUse}). Sent only when
 * something was removed or left in use.
 */
public record PointsPruned(String afterPoint, List<String> removed, long bytesFreed, List<String> inUse) {
}
