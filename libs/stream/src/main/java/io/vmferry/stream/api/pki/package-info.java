/**
 * The project's certificate authority ({@code vmferry certs init DIR}) and SHA-256 fingerprints for pinning.
 */
package io.vmferry.stream.api.pki;
