/**
 * Extent stream format v1 (docs/stream-format.md): the frame model ({@link io.vmferry.stream.api.StreamFrame}
 * and its records), the {@link io.vmferry.stream.api.StreamEncoder} and the incremental
 * {@link io.vmferry.stream.api.StreamDecoder}, their blocking file front-ends
 * ({@link io.vmferry.stream.api.StreamFileWriter}, {@link io.vmferry.stream.api.StreamFileReader}), the
 * back-pressured {@link io.vmferry.stream.api.FramePump}, and the exception hierarchy rooted at
 * {@link io.vmferry.stream.api.StreamException}. Transport: {@code api.transport}; certificates: {@code api.pki}.
 */
package io.vmferry.stream.api;
