package io.vmferry.testkit.qemu;

/** What sits behind a lab VM's {@code <run-dir>/<vmid>.qga} socket. */
public enum GuestAgentMode {
    /** No agent socket and no {@code agent:} line in the config. */
    NONE,
    /**
     * A QEMU chardev with nothing behind it ({@code agent: 1}): like a guest whose agent is not running, it accepts
     * connections and never answers.
     */
    SILENT,
    /**
     * A real {@code qemu-ga} on the host, listening on the socket ({@code agent: 1}), with every state-changing RPC
     * blocked (freeze, thaw, shutdown, exec, file access, ...): ping and info answer, freeze fails with
     * {@code CommandNotFound} "has been disabled". It lives and dies with the VM process.
     */
    HOST_AGENT
}
