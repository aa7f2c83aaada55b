package io.vmferry.bus.events;

import java.util.List;

/**
 * Payload of {@code inventory.listed}, the answer to one {@code inventory.requested}.
 *
 * @param requestId id of the request event
 * @param vms       matching VMs, in VMID order
 * @param error     why the request could not be answered (e.g. nothing matches), or null
 */
public record InventoryListing(String requestId, String host, List<VmInfo> vms, String error) {
}
