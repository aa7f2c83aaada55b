/**
 * Implementation of the TLS extent-stream transport: the sink-to-sender control messages, the
 * per-connection state machines and the TLS option plumbing. Not an API.
 */
package io.vmferry.stream.impl.transport;
