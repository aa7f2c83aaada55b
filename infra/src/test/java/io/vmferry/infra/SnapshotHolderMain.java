package io.vmferry.infra;

import io.vmferry.bus.config.ConfigLoader;
import io.vmferry.inventory.InventoryService;
import io.vmferry.snapshot.SnapshotService;
import java.nio.file.Path;
import java.util.List;

/**
 * A stack of the inventory and snapshot services only, for a child JVM: with no reader and no destination a backup's
 * snapshot is taken, exported and then held, as while a reader reads it. Prints {@code holder ready} once subscribed.
 */
public final class SnapshotHolderMain {
    private SnapshotHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        Stack stack = Stack.start(ConfigLoader.load(Path.of(args[0])),
                List.of(InventoryService::new, SnapshotService::new), false);
        System.out.println("holder ready");
        stack.awaitClosed();
    }
}
