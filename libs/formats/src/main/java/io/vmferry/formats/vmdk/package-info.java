/**
 * VMware VMDK disks (VMware "Virtual Disk Format 5.0"): {@link io.vmferry.formats.vmdk.VmdkFormat}
 * probes, opens and creates; {@link io.vmferry.formats.vmdk.VmdkReader} reads every hosted
 * subformat with snapshot parents; the writers produce monolithicSparse and streamOptimized.
 * Every length read from a file is bounded before allocation (see {@code VmdkLimits}).
 */
package io.vmferry.formats.vmdk;
