/** Bouncy Castle certificate building and PEM file handling behind {@code io.vmferry.stream.api.pki}. Not an API. */
package io.vmferry.stream.impl.pki;
