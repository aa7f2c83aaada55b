/**
 * File output shared beyond the image formats: {@link io.vmferry.formats.io.DirectSparseOutput}, ascending writes
 * with {@code O_DIRECT} (raw images here, stored extent streams in the stream library).
 */
package io.vmferry.formats.io;
