/**
 * Public block-device API of the formats library: {@link io.vmferry.formats.api.BlockReader} and
 * {@link io.vmferry.formats.api.BlockWriter}, the format registry
 * {@link io.vmferry.formats.api.ImageFormats} (detect, open, create) and
 * {@link io.vmferry.formats.api.Copier}, which copies a reader into a writer extent by extent.
 * Every content error is a one-line {@link io.vmferry.formats.api.FormatException} naming the file.
 */
package io.vmferry.formats.api;
