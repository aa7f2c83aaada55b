/**
 * QEMU guest-agent client ({@link io.vmferry.qemu.ga.GuestAgentClient}): resync on connect, ping, info and
 * file-system freeze/thaw, each call bounded by a timeout.
 */
package io.vmferry.qemu.ga;
