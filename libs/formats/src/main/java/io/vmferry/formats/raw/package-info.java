/** Raw images: {@link io.vmferry.formats.raw.RawReader} and the sparse {@link io.vmferry.formats.raw.RawWriter}. */
package io.vmferry.formats.raw;
