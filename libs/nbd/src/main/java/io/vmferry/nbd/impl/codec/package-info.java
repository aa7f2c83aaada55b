/**
 * Wire format: constants ({@link io.vmferry.nbd.impl.codec.NbdWire}), the request encoder, and pure
 * decoders for the handshake and transmission phases run inside the Vert.x socket by
 * {@link io.vmferry.nbd.impl.codec.NbdDecoder}.
 */
package io.vmferry.nbd.impl.codec;
