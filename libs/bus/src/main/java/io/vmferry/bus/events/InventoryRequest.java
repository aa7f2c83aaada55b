package io.vmferry.bus.events;

import java.util.List;

/**
 * Payload of {@code inventory.requested}: list the VMs matching a selection.
 *
 * @param selection {@code *}, a VMID, a name, a wildcard ({@code web*}) or a comma list
 * @param exclude   VMIDs to leave out
 */
public record InventoryRequest(String selection, List<Integer> exclude) {
    public InventoryRequest {
        selection = selection == null ? "*" : selection;
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }
}
