package io.vmferry.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the process named in a pid file ({@code <run-dir>/<vmid>.pid}, as Proxmox writes it) is alive. */
final class ProcessLiveness {
    private ProcessLiveness() {
    }

    static boolean alive(Path pidFile) {
        try {
            String text = Files.readString(pidFile).strip();
            long pid = Long.parseLong(text);
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
