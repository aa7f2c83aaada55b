/**
 * Implementation, not API: connection sequence, handshake, command state and the pending-command
 * map. Other modules use {@link io.vmferry.nbd.api} only.
 */
package io.vmferry.nbd.impl;
