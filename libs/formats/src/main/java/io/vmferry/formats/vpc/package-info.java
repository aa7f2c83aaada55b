/** VHD, called {@code vpc} by qemu: {@link io.vmferry.formats.vpc.VpcReader} for fixed and dynamic disks. */
package io.vmferry.formats.vpc;
