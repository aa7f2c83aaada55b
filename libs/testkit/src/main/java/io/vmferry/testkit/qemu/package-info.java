/**
 * QEMU lab for tests: Proxmox-like node layouts in a temp directory ({@link io.vmferry.testkit.qemu.QemuLab}),
 * lab VMs running {@code qemu-system-x86_64 -machine none} with real drives and QMP sockets
 * ({@link io.vmferry.testkit.qemu.LabVm}), guest writes through the drives, kill/quit/restart, and a JUnit 5
 * extension ({@link io.vmferry.testkit.qemu.QemuLabExtension}).
 */
package io.vmferry.testkit.qemu;
