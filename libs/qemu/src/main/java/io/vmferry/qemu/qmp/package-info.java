/**
 * QMP client for QEMU on Vert.x 5: {@link io.vmferry.qemu.qmp.QmpClient} (connection, commands, events),
 * {@link io.vmferry.qemu.qmp.QmpCommands} (typed backup commands and "wait until gone" polls) and the error types
 * rooted at {@link io.vmferry.qemu.qmp.QmpClientException}. {@code internal} holds the JSON-lines plumbing shared
 * with the guest-agent client; it is not API.
 */
package io.vmferry.qemu.qmp;
