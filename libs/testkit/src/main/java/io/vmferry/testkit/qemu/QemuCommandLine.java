package io.vmferry.testkit.qemu;

import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU and qemu-ga command lines of a lab VM: no guest ({@code -machine none}), the drives as Proxmox names them
 * ({@code drive-<slot>}, format node {@code fmt-<slot>}), the QMP socket in the run dir, and a second, lab-private
 * monitor so the lab never competes with the code under test for the single-client QMP socket.
 */
final class QemuCommandLine {
    /** Every guest-agent RPC that could change the host when the agent runs there (see qemu-cbt.md §8). */
    static final String BLOCKED_RPCS = String.join(",", "guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list",
            "guest-fsfreeze-thaw", "guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid",
            "guest-set-time", "guest-set-user-password", "guest-set-vcpus", "guest-set-memory-blocks", "guest-exec",
            "guest-exec-status", "guest-file-open", "guest-file-close", "guest-file-read", "guest-file-write",
            "guest-file-seek", "guest-file-flush", "guest-fstrim", "guest-ssh-add-authorized-keys",
            "guest-ssh-remove-authorized-keys");

    private QemuCommandLine() {
    }

    static List<String> qemu(LabVm vm) {
        LabVmSpec spec = vm.spec();
        List<String> args = new ArrayList<>(List.of("qemu-system-x86_64", "-name", spec.name(),
                "-machine", "none", "-nodefaults", "-display", "none", "-accel", "tcg",
                "-pidfile", vm.pidFile().toString(),
                "-qmp", "unix:" + vm.qmpSocket() + ",server=on,wait=off",
                "-chardev", "socket,id=labmon,path=" + vm.labMonitorSocket() + ",server=on,wait=off",
                "-mon", "chardev=labmon,mode=control"));
        if (spec.agent() == GuestAgentMode.SILENT) {
            args.addAll(List.of("-chardev", "socket,path=" + vm.qgaSocket() + ",server=on,wait=off,id=qga0"));
        }
        for (LabDisk d : spec.disks()) {
            args.addAll(List.of("-drive", "if=none,id=" + d.driveId() + ",driver=" + d.format()
                    + ",file.driver=file,file.filename=" + d.path() + ",node-name=" + d.nodeName()
                    + ",file.node-name=" + d.fileNodeName()));
        }
        for (String cdrom : spec.cdroms()) {
            args.addAll(List.of("-drive", "if=none,id=drive-" + cdrom + ",media=cdrom"));
        }
        return args;
    }

    static List<String> guestAgent(LabVm vm) {
        return List.of("qemu-ga", "-m", "unix-listen", "-p", vm.qgaSocket().toString(),
                "-t", vm.labDir().toString(), "-f", vm.labDir().resolve(vm.vmid() + ".qga.pid").toString(),
                "-b", BLOCKED_RPCS);
    }
}
