/**
 * File output shared beyond the image formats: {@link io.vmferry.formats.io.DirectSparseOutput}, ascending writes
 * with {@code O_DIRECT} (raw images here, stored extent streams in the stream library), and
 * {@link io.vmferry.formats.io.FileWrites}, positional writes (the image writers here, a Bacula restore applying a
 * stream to an image in place).
 */
package io.vmferry.formats.io;
