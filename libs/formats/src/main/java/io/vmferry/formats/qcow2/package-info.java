/**
 * qcow2 (docs/interop/qcow2.txt in qemu): {@link io.vmferry.formats.qcow2.Qcow2Reader} for versions 2
 * and 3 with backing chains, compression (deflate, zstd) and extended L2, and the sequential
 * version 3 {@link io.vmferry.formats.qcow2.Qcow2Writer}.
 */
package io.vmferry.formats.qcow2;
