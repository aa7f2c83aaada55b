package io.vmferry.infra;

import io.vmferry.bus.service.VmferryService;
import io.vmferry.bridge.BridgeService;
import io.vmferry.convert.ConvertService;
import io.vmferry.inventory.InventoryService;
import io.vmferry.reader.ExtentReaderService;
import io.vmferry.receiver.ReceiverService;
import io.vmferry.snapshot.SnapshotService;
import java.util.List;
import java.util.function.Supplier;

/** Every service the stack runs, in start order. */
public final class Services {
    private Services() {
    }

    public static List<Supplier<VmferryService>> all() {
        return List.of(InventoryService::new, SnapshotService::new, ExtentReaderService::new, BridgeService::new,
                ReceiverService::new, ConvertService::new);
    }
}
