package io.vmferry.receiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles what a crash left behind, once, when the store opens: a disk whose state is
 * {@code pending} was renamed into place if its {@code .part} file is gone (the pending stream
 * becomes current) and was not if the file is still there (the pending stream is dropped); every
 * remaining {@code .part} and temporary file is deleted. Replicas themselves are never modified.
 */
final class ReplicaRecovery {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplicaRecovery.class);

    private final ReplicaLayout layout;

    ReplicaRecovery(ReplicaLayout layout) {
        this.layout = layout;
    }

    void run() throws IOException {
        for (Path vmDir : vmDirs()) {
            String vmKey = vmDir.getParent().getFileName() + "/" + vmDir.getFileName();
            try {
                if (Files.exists(vmDir.resolve(ReplicaLayout.STATE_FILE))) {
                    settle(vmKey);
                }
            } catch (ReplicaException e) {
                LOGGER.warn("[{}] cannot check the replica state: {}", vmKey, e.getMessage());
            }
            try (Stream<Path> files = Files.list(vmDir)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(ReplicaLayout.PART_SUFFIX) || name.startsWith(".") && name.endsWith(".tmp")) {
                        LOGGER.info("[{}] removing leftover {}", vmKey, f);
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private void settle(String vmKey) throws IOException {
        ReplicaState state = ReplicaStore.read(layout, vmKey);
        ReplicaState settled = state;
        for (Map.Entry<String, DiskReplica> e : state.disks().entrySet()) {
            DiskReplica disk = e.getValue();
            if (disk.pending() == null) {
                continue;
            }
            boolean renamed = !Files.exists(layout.part(vmKey, e.getKey()));
            LOGGER.warn("[{} {}] interrupted update to point {}: {}", vmKey, e.getKey(), disk.pending().point(),
                    renamed ? "it was applied, recording it" : "it was not applied, dropping it");
            settled = settled.with(e.getKey(), renamed ? disk.promoted() : disk.dropped());
        }
        if (settled != state) {
            ReplicaStore.write(layout, settled);
        }
    }

    private List<Path> vmDirs() throws IOException {
        try (Stream<Path> walk = Files.walk(layout.root(), 2)) {
            return walk.filter(p -> p.getNameCount() == layout.root().getNameCount() + 2 && Files.isDirectory(p))
                    .toList();
        }
    }
}
